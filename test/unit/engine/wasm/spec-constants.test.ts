import { describe, expect, it } from 'vitest';
import { blake2b } from '@noble/hashes/blake2.js';
import { RANDOMX_AES_WORDS, RANDOMX_SEEDS } from '../../../../src/engine/wasm/constants/miners';

// The RandomX key words in the fingerprint index are written out as numbers; the RandomX
// specification defines them as Blake2b hashes of fixed strings. Derive them again here.
describe('RandomX AES generator keys and AesHash1R constants', () => {
  it('are the Blake2b hashes of the seeds in the RandomX specification §3', () => {
    const lengths = [64, 64, 64, 64, 32];
    const words: number[] = [];
    RANDOMX_SEEDS.forEach((seed, i) => {
      const h = blake2b(new TextEncoder().encode(seed), { dkLen: lengths[i] });
      const v = new DataView(h.buffer, h.byteOffset, h.byteLength);
      for (let k = 0; k < h.length; k += 4) words.push(v.getUint32(k, true));
    });
    expect(RANDOMX_AES_WORDS.map((w) => w >>> 0)).toEqual(words);
  });
});
