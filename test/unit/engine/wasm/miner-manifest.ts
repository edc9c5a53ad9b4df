import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeWasm, reassess, scanMemory, type PrimitiveHit, type WasmReport } from '../../../../src/engine/wasm/analyze';
import { ROOT } from './fixture-helpers';

export interface MinerEntry {
  file: string; family: string; variant: string; toolchain: string; opt: string; obfuscation: string | null; sha256: string;
}

const DIR = resolve(ROOT, 'test/fixtures/miners');

/** What the verdict line must name for each family of the manifest. */
export const FAMILY_NAMES: Record<string, RegExp> = {
  keccak: /Keccak/, sha256d: /SHA-256/, blake2b: /BLAKE2b/, cryptonight: /CryptoNight/, argon2: /Argon2/,
  scrypt: /scrypt/, equihash: /Equihash/, randomx: /RandomX/,
};

export function loadMinerManifest(): { entries: MinerEntry[] } | undefined {
  const p = resolve(DIR, 'manifest.json');
  if (!existsSync(p)) return undefined;
  const m = JSON.parse(readFileSync(p, 'utf8')) as { entries: MinerEntry[] };
  return { entries: m.entries.filter((e) => existsSync(resolve(DIR, e.file))) };
}

export function minerBytes(e: MinerEntry): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(resolve(DIR, e.file)));
}

/** Imports satisfied with inert values so the module can be instantiated (its start function runs). */
function stubImports(mod: WebAssembly.Module): WebAssembly.Imports {
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  for (const d of WebAssembly.Module.imports(mod)) {
    const ns = (imports[d.module] ??= {});
    if (d.kind === 'function') ns[d.name] = () => 0;
    else if (d.kind === 'memory') ns[d.name] = new WebAssembly.Memory({ initial: 256 });
    else if (d.kind === 'table') ns[d.name] = new WebAssembly.Table({ initial: 64, element: 'anyfunc' });
    else if (d.kind === 'global') ns[d.name] = new WebAssembly.Global({ value: 'i32', mutable: false }, 0);
  }
  return imports;
}

/**
 * The static verdict, then, as the page hook's memory re-check does for modules it would
 * look at again, the hits found in linear memory after instantiation merged in.
 */
export async function judgeAsTheHookDoes(e: MinerEntry): Promise<{ report: WasmReport; recheckedMemory: boolean }> {
  const bytes = minerBytes(e);
  const report = analyzeWasm(bytes);
  const l = report.verdict.level;
  if (!report.ok || !(l === 'crypto-capable' || l === 'suspicious')) return { report, recheckedMemory: false };
  const mod = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(mod, stubImports(mod));
  let hits: PrimitiveHit[] = [];
  for (const value of Object.values(instance.exports)) {
    if (value instanceof WebAssembly.Memory) hits = hits.concat(scanMemory(new Uint8Array(value.buffer)));
  }
  return { report: reassess(report, hits), recheckedMemory: true };
}
