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
