import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findEmbeddedWasm } from '../../src/engine/embedded-wasm';

// The analyser dataset: our own miner-like fixtures plus real benign modules that ship in
// node_modules (a SQLite build, Argon2, a Go program, hash functions, libsodium). Small
// modules are benchmarked as a batch so one call does measurable work.

/** Plain ArrayBuffer-backed bytes, as WebAssembly.validate's typing requires. */
type Bytes = Uint8Array<ArrayBuffer>;

export interface WasmCase {
  name: string;
  /** One or more modules; a call analyses (or validates) each of them. */
  modules: Bytes[];
  bytes: number;
  source: string;
}

const root = new URL('../../', import.meta.url).pathname;

function file(rel: string): Bytes | undefined {
  const p = join(root, rel);
  return existsSync(p) ? new Uint8Array(readFileSync(p)) : undefined;
}

function single(name: string, rel: string): WasmCase | undefined {
  const b = file(rel);
  return b && { name, modules: [b], bytes: b.length, source: rel };
}

function batch(name: string, modules: Bytes[], source: string): WasmCase | undefined {
  if (modules.length === 0) return undefined;
  return { name: `${name} ×${modules.length}`, modules, bytes: modules.reduce((n, m) => n + m.length, 0), source };
}

function fixtures(): WasmCase | undefined {
  const dir = 'test/fixtures/wasm/build';
  const p = join(root, dir);
  if (!existsSync(p)) return undefined;
  const names = readdirSync(p).filter((f) => f.endsWith('.wasm')).sort();
  return batch('own fixtures', names.map((f) => new Uint8Array(readFileSync(join(p, f)))), `${dir}/*.wasm`);
}

function embedded(rel: string): Bytes[] {
  const p = join(root, rel);
  if (!existsSync(p)) return [];
  return findEmbeddedWasm(readFileSync(p, 'utf8'), 64).map((m) => new Uint8Array(m.bytes));
}

export function wasmCases(): { cases: WasmCase[]; missing: string[] } {
  const wanted: [string, () => WasmCase | undefined][] = [
    ['own fixtures', fixtures],
    ['hash-wasm (embedded base64)', () => batch('hash-wasm', embedded('node_modules/hash-wasm/dist/index.esm.js'), 'node_modules/hash-wasm/dist/index.esm.js')],
    ['argon2-browser', () => single('argon2-browser', 'node_modules/argon2-browser/dist/argon2.wasm')],
    ['libsodium (embedded base64)', () => batch('libsodium', embedded('node_modules/libsodium/dist/modules/libsodium.js'), 'node_modules/libsodium/dist/modules/libsodium.js')],
    ['sql.js', () => single('sql.js', 'node_modules/sql.js/dist/sql-wasm.wasm')],
    ['esbuild-wasm', () => single('esbuild-wasm', 'node_modules/esbuild-wasm/esbuild.wasm')],
  ];
  const cases: WasmCase[] = [];
  const missing: string[] = [];
  for (const [label, load] of wanted) {
    const c = load();
    if (c) cases.push(c); else missing.push(label);
  }
  return { cases, missing };
}
