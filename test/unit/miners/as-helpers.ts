// Helpers shared by the AssemblyScript and obfuscated miner fixture tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MINERS = join(__dirname, '../../fixtures/miners');

export interface ManifestEntry {
  file: string;
  family: string;
  variant: string;
  toolchain: string;
  opt: string;
  obfuscation: string | null;
  sha256: string;
  bytes: number;
  source?: string;
  exports?: Record<string, string>;
}

export function manifest(): ManifestEntry[] {
  return JSON.parse(readFileSync(join(MINERS, 'manifest.json'), 'utf8')).entries;
}

export interface Miner {
  mem(): Uint8Array;
  fn(name: string): (...a: number[]) => number;
  has(name: string): boolean;
  put(bytes: Uint8Array, at?: number): number;
  get(ptr: number, len: number): Uint8Array;
  hash(input: Uint8Array, outLen?: number): Uint8Array;
}

export function load(file: string, exportNames?: Record<string, string>): Miner {
  const bytes = readFileSync(join(MINERS, file));
  const mod = new WebAssembly.Module(bytes);
  const imports: Record<string, Record<string, unknown>> = {};
  for (const imp of WebAssembly.Module.imports(mod)) {
    imports[imp.module] ??= {};
    // AssemblyScript's abort, or anything else a fixture imports: trap loudly.
    imports[imp.module][imp.name] = () => { throw new Error(`import ${imp.module}.${imp.name} called`); };
  }
  const inst = new WebAssembly.Instance(mod, imports as WebAssembly.Imports);
  const ex = inst.exports as Record<string, unknown>;
  const nameOf = (n: string) => exportNames?.[n] ?? n;
  const memory = (ex[nameOf('memory')] ?? Object.values(ex).find((v) => v instanceof WebAssembly.Memory)) as WebAssembly.Memory;
  const m: Miner = {
    mem: () => new Uint8Array(memory.buffer),
    has: (n) => typeof ex[nameOf(n)] === 'function',
    fn: (n) => {
      const f = ex[nameOf(n)];
      if (typeof f !== 'function') throw new Error(`${file}: no export ${n}`);
      return f as (...a: number[]) => number;
    },
    put: (b, at) => {
      const p = at ?? Number(m.fn('input_ptr')());
      m.mem().set(b, p);
      return p;
    },
    get: (p, len) => m.mem().slice(p, p + len),
    hash: (input, outLen = 32) => {
      const base = Number(m.fn('input_ptr')());
      m.put(input, base);
      const out = base + 2048;
      m.fn('hash')(base, input.length, out);
      return m.get(out, outLen);
    },
  };
  return m;
}

export const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// Deterministic pseudo-random bytes (xorshift32), so failures are reproducible.
export function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

// A small BLAKE2b (RFC 7693) with digest length and personalisation, written for these tests only.
export function blake2bRef(msg: Uint8Array, outLen: number, personal?: Uint8Array): Uint8Array {
  const M = (1n << 64n) - 1n;
  const IV = [0x6a09e667f3bcc908n, 0xbb67ae8584caa73bn, 0x3c6ef372fe94f82bn, 0xa54ff53a5f1d36f1n,
    0x510e527fade682d1n, 0x9b05688c2b3e6c1fn, 0x1f83d9abfb41bd6bn, 0x5be0cd19137e2179n];
  const SIGMA = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4], [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13], [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11], [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5], [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0]];
  const rotr = (x: bigint, n: bigint) => ((x >> n) | (x << (64n - n))) & M;
  const word = (b: Uint8Array, i: number) => new DataView(b.buffer, b.byteOffset).getBigUint64(i, true);
  const h = IV.slice();
  h[0] ^= 0x01010000n | BigInt(outLen);
  if (personal) { h[6] ^= word(personal, 0); h[7] ^= word(personal, 8); }
  const blocks = Math.max(1, Math.ceil(msg.length / 128));
  for (let b = 0; b < blocks; b++) {
    const blk = new Uint8Array(128);
    blk.set(msg.subarray(b * 128, b * 128 + 128));
    const m = Array.from({ length: 16 }, (_, i) => word(blk, i * 8));
    const last = b === blocks - 1;
    const v = [...h, ...IV];
    v[12] ^= BigInt(last ? msg.length : (b + 1) * 128);
    if (last) v[14] ^= M;
    const G = (a: number, bb: number, c: number, d: number, x: bigint, y: bigint) => {
      v[a] = (v[a] + v[bb] + x) & M; v[d] = rotr(v[d] ^ v[a], 32n);
      v[c] = (v[c] + v[d]) & M; v[bb] = rotr(v[bb] ^ v[c], 24n);
      v[a] = (v[a] + v[bb] + y) & M; v[d] = rotr(v[d] ^ v[a], 16n);
      v[c] = (v[c] + v[d]) & M; v[bb] = rotr(v[bb] ^ v[c], 63n);
    };
    for (let r = 0; r < 12; r++) {
      const s = SIGMA[r % 10];
      G(0, 4, 8, 12, m[s[0]], m[s[1]]); G(1, 5, 9, 13, m[s[2]], m[s[3]]);
      G(2, 6, 10, 14, m[s[4]], m[s[5]]); G(3, 7, 11, 15, m[s[6]], m[s[7]]);
      G(0, 5, 10, 15, m[s[8]], m[s[9]]); G(1, 6, 11, 12, m[s[10]], m[s[11]]);
      G(2, 7, 8, 13, m[s[12]], m[s[13]]); G(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (let i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
  }
  const out = new Uint8Array(64);
  const dv = new DataView(out.buffer);
  h.forEach((x, i) => dv.setBigUint64(i * 8, x, true));
  return out.slice(0, outLen);
}
