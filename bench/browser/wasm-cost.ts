import { readFileSync } from 'node:fs';
import { alternate } from '../lib/alternate';
import { ratioOf, summarize, type Summary } from '../lib/summary';
import type { BenchPage } from './launch';
import type { BrowserPair } from './pair';

// Benign modules through the hooked entry points, against the same call in a browser
// without the extension. Each call instantiates from bytes already in the page, so the
// difference is what the hook adds: byte copy, hashing, analysis, the wait for config.

export interface ModuleSpec { name: string; label: string; file: string; imports: { module: string; name: string }[]; bytes: number }
export type How = 'streaming' | 'bytes' | 'worker';
export interface RunResult { ms: number; outcome: string; error?: string }

export function moduleSpec(name: string, label: string, file: string): ModuleSpec {
  const bytes = readFileSync(file);
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes)).map((i) => ({ module: i.module, name: i.name }));
  return { name, label, file, imports, bytes: bytes.length };
}

export async function openWasmPage(browserPage: Promise<BenchPage>, origin: string, modules: ModuleSpec[]): Promise<BenchPage> {
  const page = await browserPage;
  await page.goto(`${origin}/wasm.html`);
  await page.evaluate((specs) => (window as unknown as WasmWindow).wasmBench.load(specs), modules.map((m) => ({ name: m.name, imports: m.imports })));
  return page;
}

interface WasmWindow { wasmBench: { load(specs: unknown): Promise<string[]>; run(name: string, how: How, reps: number): Promise<RunResult> } }

export function runInPage(page: BenchPage, name: string, how: How, reps: number): Promise<RunResult> {
  return page.evaluate(({ name, how, reps }) => (window as unknown as WasmWindow).wasmBench.run(name, how, reps), { name, how, reps });
}

export interface WasmCostRow { module: string; bytes: number; how: How; reps: number; plain: Summary; ext: Summary; ratio: number; outcomes: string[] }

export interface BenignPlan {
  spec: ModuleSpec;
  rounds: number;
  reps: number;
  /** Also time the call in a fresh dedicated worker: the worker hook's first-call cost. */
  inWorker?: boolean;
}

export async function benchBenignWasm(pair: BrowserPair, origin: string, plans: BenignPlan[], log: (s: string) => void): Promise<WasmCostRow[]> {
  const specs = plans.map((p) => p.spec);
  const plainPage = await openWasmPage(pair.plain.newPage(), origin, specs);
  const extPage = await openWasmPage(pair.ext.newPage(), origin, specs);
  const rows: WasmCostRow[] = [];
  try {
    for (const { spec, rounds, reps, inWorker } of plans) {
      for (const how of inWorker ? ['streaming', 'bytes', 'worker'] as const : ['streaming', 'bytes'] as const) {
        const calls = how === 'worker' ? 1 : reps;
        const [p, e] = await alternate([
          { name: 'plain', run: () => runInPage(plainPage, spec.name, how, calls) },
          { name: 'ext', run: () => runInPage(extPage, spec.name, how, calls) },
        ], rounds);
        const timed = (xs: RunResult[]) => xs.map((x) => x.ms).filter(Number.isFinite);
        const plain = summarize(timed(p));
        const ext = summarize(timed(e));
        const outcomes = [...new Set([...p, ...e].map((x) => x.outcome))];
        rows.push({ module: spec.label, bytes: spec.bytes, how, reps: calls, plain, ext, ratio: ratioOf(ext, plain), outcomes });
        log(`  ${spec.label} ${how}: ${plain.median.toFixed(2)} → ${ext.median.toFixed(2)} ms (${ratioOf(ext, plain).toFixed(2)}×)`);
      }
    }
  } finally {
    await Promise.all([plainPage.close(), extPage.close()]);
  }
  return rows;
}
