// Known-answer tests for the AssemblyScript miner fixtures (test/fixtures/miners/build/*-asc-*.wasm).
// References: node:crypto (SHA-256, SHA3-256, BLAKE2b-512, scrypt), hash-wasm (Argon2, Keccak,
// BLAKE2b with other lengths) and published vectors.
import { createHash, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argon2d, argon2id } from 'hash-wasm';
import { MINERS, blake2bRef, bytes, hex, load, manifest } from './as-helpers';
import { cnCoreReference, round as aesRoundRef } from './as-cn-reference';
import { createCipheriv, createDecipheriv } from 'node:crypto';

const AS = manifest().filter((e) => e.toolchain === 'assemblyscript' && e.obfuscation === null);
const of = (family: string) => AS.filter((e) => e.family === family);
const sha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());
const INPUTS = [new Uint8Array(0), new TextEncoder().encode('abc'), bytes(76, 7), bytes(80, 11), bytes(200, 3), bytes(1000, 5)];

describe('AssemblyScript miner fixtures', () => {
  it('are all in the manifest, one per family/variant/opt, and validate', () => {
    expect(AS.length).toBeGreaterThanOrEqual(9);
    for (const e of AS) {
      expect(e.file).toMatch(/^build\/[a-z0-9]+-[a-z0-9-]+-asc-O[0-3sz]\.wasm$/);
      const buf = readFileSync(join(MINERS, e.file));
      expect(WebAssembly.validate(buf)).toBe(true);
      expect(buf.length).toBe(e.bytes);
      expect(createHash('sha256').update(buf).digest('hex')).toBe(e.sha256);
    }
  });

  for (const e of of('keccak')) {
    it(`${e.file}: Keccak-256 and SHA3-256 known answers`, () => {
      const m = load(e.file);
      expect(hex(m.hash(new Uint8Array(0)))).toBe('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
      for (const input of INPUTS) {
        const p = m.put(input);
        m.fn('sha3_256')(p, input.length, p + 2048);
        expect(hex(m.get(p + 2048, 32))).toBe(createHash('sha3-256').update(input).digest('hex'));
      }
    });
  }

  for (const e of of('sha256d')) {
    it(`${e.file}: SHA-256 and SHA-256d known answers`, () => {
      const m = load(e.file);
      for (const input of INPUTS) {
        expect(hex(m.hash(input))).toBe(hex(sha256(sha256(input))));
        const p = m.put(input);
        m.fn('sha256')(p, input.length, p + 2048);
        expect(hex(m.get(p + 2048, 32))).toBe(hex(sha256(input)));
      }
    });
  }

  for (const e of of('blake2b')) {
    it(`${e.file}: BLAKE2b-512 known answers`, () => {
      const m = load(e.file);
      for (const input of INPUTS) {
        const p = m.put(input);
        m.fn('blake2b')(p, input.length, p + 2048, 64);
        expect(hex(m.get(p + 2048, 64))).toBe(createHash('blake2b512').update(input).digest('hex'));
      }
    });
  }

  for (const e of of('scrypt')) {
    it(`${e.file}: scrypt known answers (node:crypto)`, () => {
      const m = load(e.file);
      const header = bytes(80, 21);
      // the PoW hash at the variant's N = 1024, r = 1, p = 1
      expect(hex(m.hash(header))).toBe(hex(scryptSync(header, header, 32, { N: 1024, r: 1, p: 1 })));
      // other parameters through the scrypt export
      const base = Number(m.fn('input_ptr')());
      for (const [pw, salt, N, r, p, len] of [
        [bytes(8, 1), bytes(16, 2), 16, 1, 1, 64], [bytes(70, 3), bytes(5, 4), 32, 2, 2, 40], [bytes(3, 5), bytes(100, 6), 64, 8, 1, 32],
      ] as const) {
        m.put(pw, base); m.put(salt, base + 128);
        m.fn('scrypt')(base, pw.length, base + 128, salt.length, N, r, p, base + 2048, len);
        expect(hex(m.get(base + 2048, len))).toBe(hex(scryptSync(pw, salt, len, { N, r, p })));
      }
    });
  }

  for (const e of of('argon2')) {
    it(`${e.file}: Argon2 known answers (RFC 9106 vector, hash-wasm)`, async () => {
      const m = load(e.file);
      const base = Number(m.fn('input_ptr')());
      const run = (type: number, t: number, mem: number, p: number, pwd: Uint8Array, salt: Uint8Array, secret: Uint8Array, ad: Uint8Array, len: number) => {
        m.put(pwd, base); m.put(salt, base + 256); m.put(secret, base + 512); m.put(ad, base + 768);
        m.fn('argon2')(base, pwd.length, base + 256, salt.length, base + 512, secret.length, base + 768, ad.length, t, mem, p, type, base + 1024, len);
        return hex(m.get(base + 1024, len));
      };
      // RFC 9106 section 5: m = 32 KiB, t = 3, p = 4, tag 32 bytes
      const P = new Uint8Array(32).fill(1), S = new Uint8Array(16).fill(2), K = new Uint8Array(8).fill(3), X = new Uint8Array(12).fill(4);
      expect(run(0, 3, 32, 4, P, S, K, X, 32)).toBe('512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb');
      expect(run(2, 3, 32, 4, P, S, K, X, 32)).toBe('0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659');
      // other shapes against hash-wasm (no secret / associated data there)
      const none = new Uint8Array(0);
      for (const [t, mem, p, len] of [[1, 8, 1, 32], [2, 64, 2, 100], [1, 130, 3, 64]]) {
        const pwd = bytes(20, t + mem), salt = bytes(16, p + len);
        const opts = { password: pwd, salt, iterations: t, memorySize: mem, parallelism: p, hashLength: len, outputType: 'hex' as const };
        expect(run(0, t, mem, p, pwd, salt, none, none, len)).toBe(await argon2d(opts));
        expect(run(2, t, mem, p, pwd, salt, none, none, len)).toBe(await argon2id(opts));
      }
      // the PoW hash itself, with fewer passes
      m.fn('set_iterations')(1);
      const blob = bytes(76, 9);
      const variant = e.variant === 'argon2d'
        ? { fn: argon2d, salt: blob, memorySize: 500, parallelism: 8 }
        : { fn: argon2id, salt: blob.subarray(0, 16), memorySize: 512, parallelism: 1 };
      expect(hex(m.hash(blob))).toBe(await variant.fn({ password: blob, salt: variant.salt, iterations: 1,
        memorySize: variant.memorySize, parallelism: variant.parallelism, hashLength: 32, outputType: 'hex' }));
    });
  }

  for (const e of of('equihash')) {
    it(`${e.file}: Equihash GenerateHash known answers (personalised BLAKE2b)`, () => {
      const m = load(e.file);
      const [n, k] = e.variant.split('-').map(Number);
      const outLen = (512 / n | 0) * n / 8;
      const personal = new Uint8Array(16);
      personal.set(new TextEncoder().encode('ZcashPoW'));
      new DataView(personal.buffer).setUint32(8, n, true);
      new DataView(personal.buffer).setUint32(12, k, true);
      const header = bytes(140, 13);
      const base = m.put(header);
      for (const g of [0, 1, 0x12345]) {
        m.fn('generate_hash')(base, header.length, g, base + 2048);
        const msg = new Uint8Array(144); msg.set(header); new DataView(msg.buffer).setUint32(140, g, true);
        expect(hex(m.get(base + 2048, outLen))).toBe(hex(blake2bRef(msg, outLen, personal)));
      }
      expect(hex(m.hash(header, outLen))).toBe(hex(blake2bRef(Uint8Array.of(...header, 0, 0, 0, 0), outLen, personal)));
      // the first collision round over 64 generated hashes
      m.fn('set_iterations')(64);
      const digits: number[] = [];
      for (let g = 0; g < 64; g++) {
        const msg = new Uint8Array(144); msg.set(header); new DataView(msg.buffer).setUint32(140, g, true);
        const h = blake2bRef(msg, outLen, personal);
        for (let j = 0; j < outLen; j += n / 8) digits.push((h[j] << 8) | h[j + 1]);
      }
      const counts = new Map<number, number>();
      for (const d of digits) counts.set(d, (counts.get(d) ?? 0) + 1);
      let pairs = 0;
      for (const c of counts.values()) pairs += (c * (c - 1)) / 2;
      expect(m.fn('collisions')(base, header.length)).toBe(pairs);
    });
  }

  const CN_PARAMS: Record<string, [number, number]> = { v0: [2 << 20, 1 << 19], lite: [1 << 20, 1 << 18], heavy: [4 << 20, 1 << 18], pico: [256 << 10, 1 << 17] };
  const cnRef = new Map<string, string>();
  for (const e of of('cryptonight')) {
    it(`${e.file}: AES against node:crypto, CryptoNight core against the reference model`, () => {
      const m = load(e.file);
      const base = Number(m.fn('input_ptr')());
      for (const keyLen of [16, 24, 32]) {
        const key = bytes(keyLen, keyLen), block = bytes(16, 99 + keyLen);
        m.put(key, base); m.put(block, base + 64);
        m.fn('aes_encrypt')(base, keyLen, base + 64);
        const c = createCipheriv(`aes-${keyLen * 8}-ecb`, key, null).setAutoPadding(false);
        expect(hex(m.get(base + 64, 16))).toBe(hex(Buffer.concat([c.update(block), c.final()])));
      }
      const [memory, iterations] = CN_PARAMS[e.variant];
      const blob = bytes(76, 17);
      m.fn('set_iterations')(1000);
      const key = `${e.variant}-1000`;
      if (!cnRef.has(key)) cnRef.set(key, hex(cnCoreReference(blob, memory, 1000)));
      expect(hex(m.hash(blob))).toBe(cnRef.get(key));
      expect(iterations).toBeGreaterThan(1000);
    });
  }

  for (const e of of('randomx')) {
    it(`${e.file}: AES both ways against node:crypto, AesGenerator1R/4R encrypting columns against the AES model`, () => {
      const m = load(e.file);
      const base = Number(m.fn('input_ptr')());
      for (const keyLen of [16, 32]) {
        const key = bytes(keyLen, 5 + keyLen), block = bytes(16, 77 + keyLen);
        m.put(key, base); m.put(block, base + 64);
        m.fn('aes_decrypt')(base, keyLen, base + 64);
        const d = createDecipheriv(`aes-${keyLen * 8}-ecb`, key, null).setAutoPadding(false);
        expect(hex(m.get(base + 64, 16))).toBe(hex(Buffer.concat([d.update(block), d.final()])));
      }
      // encrypting columns (1 and 3) of AesGenerator1R use key1 and key3 of BLAKE2b-512("RandomX AesGenerator1R keys")
      const keys1 = new Uint32Array(new Uint8Array(createHash('blake2b512').update('RandomX AesGenerator1R keys').digest()).buffer);
      const seed = bytes(64, 31);
      m.put(seed, base);
      m.fn('aes_generator_1r')(base, base + 128, 128);
      const model = new Uint32Array(seed.slice().buffer);
      for (const off of [0, 64]) {
        aesRoundRef(model, 4, keys1, 4);
        aesRoundRef(model, 12, keys1, 12);
        const got = new Uint32Array(m.get(base + 128 + off, 64).buffer);
        expect([...got.subarray(4, 8), ...got.subarray(12, 16)]).toEqual([...model.subarray(4, 8), ...model.subarray(12, 16)]);
      }
      // AesGenerator4R column 1: four encryption rounds with key0..key3 of "RandomX AesGenerator4R keys 0-3"
      const keys4 = new Uint32Array(new Uint8Array(createHash('blake2b512').update('RandomX AesGenerator4R keys 0-3').digest()).buffer);
      m.put(seed, base);
      m.fn('aes_generator_4r')(base, base + 128, 64);
      const model4 = new Uint32Array(seed.slice().buffer);
      for (let k = 0; k < 4; k++) aesRoundRef(model4, 4, keys4, 4 * k);
      expect([...new Uint32Array(m.get(base + 128 + 16, 16).buffer)]).toEqual([...model4.subarray(4, 8)]);
      // the whole hash with fewer VM iterations: deterministic, input-dependent, iteration-dependent
      m.fn('set_iterations')(16);
      const h1 = hex(m.hash(bytes(76, 1))), h2 = hex(m.hash(bytes(76, 2)));
      expect(h1).not.toBe(h2);
      expect(hex(m.hash(bytes(76, 1)))).toBe(h1);
      m.fn('set_iterations')(17);
      expect(hex(m.hash(bytes(76, 1)))).not.toBe(h1);
    });
  }
});
