// Known-answer tests for the C miner fixtures (test/fixtures/miners/build/*-clang-*.wasm): each
// fixture must really compute its primitive, checked against spec vectors and against independent
// implementations (node:crypto, @noble/hashes).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { blake2b } from '@noble/hashes/blake2.js';

const dir = join(__dirname, '../../fixtures/miners');
type Entry = { file: string; family: string; variant: string; toolchain: string; opt: string; obfuscation: string | null; sha256: string; bytes: number };
const manifest: { entries: Entry[] } = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const clang = manifest.entries.filter((e) => e.toolchain === 'clang' && e.obfuscation === null);

type Exports = {
  memory: WebAssembly.Memory;
  hash(inPtr: number, len: number, outPtr: number): void;
  input_ptr(): number;
  job_ptr(): number;
  target_ptr(): number;
  result_ptr(): number;
  mine(nonceStart: number, count: number): number;
  set_iterations(n: number): void;
  [k: string]: unknown;
};

function load(e: Entry): Exports {
  const bytes = readFileSync(join(dir, e.file));
  const mod = new WebAssembly.Module(bytes);
  expect(WebAssembly.Module.imports(mod)).toEqual([]);
  return new WebAssembly.Instance(mod, {}).exports as unknown as Exports;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Runs hash() on input and returns outLen bytes. */
function runHash(x: Exports, input: Uint8Array, outLen = 32): Uint8Array {
  const io = x.input_ptr();
  const mem = () => new Uint8Array(x.memory.buffer);
  mem().set(input, io);
  x.hash(io, input.length, io + 128);
  return mem().slice(io + 128, io + 128 + outLen);
}

/** Writes a job, mines count nonces from start, returns [{nonce, hash}]. */
function runMine(x: Exports, blob: Uint8Array, target: bigint, start: number, count: number) {
  const dv = () => new DataView(x.memory.buffer);
  dv().setUint32(x.job_ptr(), blob.length, true);
  new Uint8Array(x.memory.buffer).set(blob, x.job_ptr() + 4);
  dv().setBigUint64(x.target_ptr(), target, true);
  const n = x.mine(start, count);
  const r = x.result_ptr();
  expect(dv().getUint32(r, true)).toBe(n);
  const found = [];
  for (let i = 0; i < n; i++) {
    const at = r + 4 + i * 36;
    found.push({ nonce: dv().getUint32(at, true), hash: new Uint8Array(x.memory.buffer.slice(at + 4, at + 36)) });
  }
  return found;
}

function withNonce(blob: Uint8Array, off: number, nonce: number) {
  const b = Uint8Array.from(blob);
  new DataView(b.buffer).setUint32(off, nonce, true);
  return b;
}

const family = (f: string, v?: string) => clang.filter((e) => e.family === f && (!v || e.variant === v));

describe('C miner fixtures: manifest', () => {
  it('lists files that exist with the recorded sha256 and size', () => {
    expect(clang.length).toBeGreaterThan(0);
    for (const e of clang) {
      const bytes = readFileSync(join(dir, e.file));
      expect(bytes.length, e.file).toBe(e.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), e.file).toBe(e.sha256);
      expect(e.file).toBe(`build/${e.family}-${e.variant}-clang-${e.opt}.wasm`);
    }
  });
  it('has at least two optimisation levels per family/variant', () => {
    const opts = new Map<string, Set<string>>();
    for (const e of clang) {
      const k = `${e.family}-${e.variant}`;
      if (!opts.has(k)) opts.set(k, new Set());
      opts.get(k)!.add(e.opt);
    }
    for (const [k, s] of opts) expect(s.size, k).toBeGreaterThanOrEqual(2);
  });
});

describe.each(family('keccak'))('keccak PoW $file', (e) => {
  it('computes Keccak-256 (original padding) known answers', () => {
    const x = load(e);
    expect(hex(runHash(x, new Uint8Array(0)))).toBe('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    const abc = new TextEncoder().encode('abc');
    expect(hex(runHash(x, abc))).toBe('4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
    // 200 bytes: crosses the 136-byte rate
    const long = Uint8Array.from({ length: 200 }, (_, i) => i);
    expect(hex(runHash(x, long))).toBe(hex(keccak_256(long)));
  });
  it('mines: found nonces are exactly those whose hash is below the target', () => {
    const x = load(e);
    const blob = Uint8Array.from({ length: 80 }, (_, i) => (i * 7) & 255);
    const target = 1n << 60n; // about 1 in 16
    const found = runMine(x, blob, target, 1000, 64);
    const expected = [];
    for (let n = 1000; n < 1064; n++) {
      const h = keccak_256(withNonce(blob, 76, n));
      if (new DataView(h.buffer, h.byteOffset).getBigUint64(24, true) < target) expected.push(n);
    }
    expect(expected.length).toBeGreaterThan(0);
    expect(found.map((f) => f.nonce)).toEqual(expected.slice(0, 16));
    expect(hex(found[0].hash)).toBe(hex(keccak_256(withNonce(blob, 76, found[0].nonce))));
  });
});

const sha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());
const u64At = (h: Uint8Array, off: number) => new DataView(h.buffer, h.byteOffset).getBigUint64(off, true);

/** Mines 64 nonces with a ~1/16 target and checks the result list against an independent hash. */
function checkMining(x: Exports, ref: (b: Uint8Array) => Uint8Array, blobLen = 80, nonceOff = blobLen - 4, count = 64) {
  const blob = Uint8Array.from({ length: blobLen }, (_, i) => (i * 13 + 5) & 255);
  const target = 1n << 60n;
  const found = runMine(x, blob, target, 7, count);
  const expected: number[] = [];
  for (let n = 7; n < 7 + count; n++) if (u64At(ref(withNonce(blob, nonceOff, n)), 24) < target) expected.push(n);
  expect(found.map((f) => f.nonce)).toEqual(expected.slice(0, 16));
  for (const f of found) expect(hex(f.hash)).toBe(hex(ref(withNonce(blob, nonceOff, f.nonce))));
  return found;
}

describe.each(family('sha256d'))('SHA-256d PoW $file', (e) => {
  it('computes SHA-256(SHA-256(x)) like node:crypto', () => {
    const x = load(e);
    for (const s of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(119)]) {
      const m = new TextEncoder().encode(s);
      expect(hex(runHash(x, m)), s).toBe(hex(sha256(sha256(m))));
    }
    // FIPS 180-4 example: SHA-256("abc") = ba7816bf...; here the double hash of it
    expect(hex(sha256(new TextEncoder().encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('mines an 80-byte header', () => {
    checkMining(load(e), (b) => sha256(sha256(b)), 80, 76, 128);
  });
});

describe.each(family('blake2b'))('BLAKE2b PoW $file', (e) => {
  it('computes BLAKE2b-512("abc") from RFC 7693 appendix A and BLAKE2b-256 like @noble/hashes', () => {
    const x = load(e);
    x.set_iterations(64);
    expect(hex(runHash(x, new TextEncoder().encode('abc'), 64))).toBe(
      'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923',
    );
    const long = Uint8Array.from({ length: 300 }, (_, i) => i & 255);
    expect(hex(runHash(x, long, 64))).toBe(createHash('blake2b512').update(long).digest('hex'));
    x.set_iterations(0);
    expect(hex(runHash(x, long))).toBe(hex(blake2b(long, { dkLen: 32 })));
  });
  it('mines an 80-byte header', () => {
    checkMining(load(e), (b) => blake2b(b, { dkLen: 32 }), 80, 76, 128);
  });
});
