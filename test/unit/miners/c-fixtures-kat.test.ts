// Known-answer tests for the C miner fixtures (test/fixtures/miners/build/*-clang-*.wasm): each
// fixture must really compute its primitive, checked against spec vectors and against independent
// implementations (node:crypto, @noble/hashes).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keccak_256 } from '@noble/hashes/sha3.js';

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
