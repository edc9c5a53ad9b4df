// Known-answer tests for the AssemblyScript miner fixtures (test/fixtures/miners/build/*-asc-*.wasm).
// References: node:crypto (SHA-256, SHA3-256, BLAKE2b-512, scrypt), hash-wasm (Argon2, Keccak,
// BLAKE2b with other lengths) and published vectors.
import { createHash, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINERS, bytes, hex, load, manifest } from './as-helpers';

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
});
