import { describe, expect, it } from 'vitest';
import { blake2b } from '@noble/hashes/blake2.js';
import { RANDOMX_AES_WORDS, RANDOMX_DATASET_SEED, RANDOMX_DATASET_XORS, RANDOMX_FSCAL_MASK, RANDOMX_SEEDS } from '../../../../src/engine/wasm/constants/miners';

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

describe('RandomX VM constants', () => {
  it('Dataset XOR constants are bytes 8-63 of Blake2b-512 of the seed, r1 and r3 adjusted (specification §7.3)', () => {
    const h = blake2b(new TextEncoder().encode(RANDOMX_DATASET_SEED), { dkLen: 64 });
    const v = new DataView(h.buffer, h.byteOffset, h.byteLength);
    const words = Array.from({ length: 7 }, (_, i) => v.getBigUint64(8 + 8 * i, true));
    words[0] += (1n << 33n) + 700n;
    words[2] += 1n << 14n;
    const mask = (1n << 64n) - 1n;
    expect(RANDOMX_DATASET_XORS.map((w) => (BigInt(w.hi >>> 0) << 32n) | BigInt(w.lo >>> 0))).toEqual(words.map((w) => w & mask));
  });

  it('FSCAL_R mask flips the sign bit and the 4 low bits of the exponent (specification §5.3.4)', () => {
    const m = RANDOMX_FSCAL_MASK;
    expect((BigInt(m.hi >>> 0) << 32n) | BigInt(m.lo >>> 0)).toBe((1n << 63n) | (0xfn << 52n));
  });
});
