import { median } from '../lib/stats';
import { loadBundle, type PageBundle } from './bundle';
import type { HookSteps } from './hook-steps-entry';
import type { BenchBrowser } from './launch';
import { openWasmPage, type ModuleSpec } from './wasm-cost';

// Where the hook's time goes for one module, step by step, in the plain browser (so the
// hook itself stays out of the way), with the engine code bundled into the page.

export const HOOK_STEPS_ENTRY = { entry: 'hook-steps-entry.ts', global: 'minerSentryHookSteps' };

export interface HookStepsRow extends HookSteps { module: string; bytes: number; samples: number }

type StepsWindow = Record<string, { hookSteps(buffer: ArrayBuffer): Promise<HookSteps> }> & { wasmBench: { bytesOf(name: string): ArrayBuffer } };

export async function benchHookSteps(browser: BenchBrowser, origin: string, bundle: PageBundle, modules: ModuleSpec[], samples: number): Promise<HookStepsRow[]> {
  const page = await openWasmPage(browser.newPage(), origin, modules);
  try {
    await loadBundle(page, bundle);
    const rows: HookStepsRow[] = [];
    for (const m of modules) {
      const runs: HookSteps[] = [];
      // The first pass is the JIT's; it is dropped.
      for (let i = 0; i <= samples; i++) {
        const run = await page.evaluate(({ name, global }) => {
          const w = window as unknown as StepsWindow;
          return w[global].hookSteps(w.wasmBench.bytesOf(name));
        }, { name: m.name, global: bundle.global });
        if (i > 0) runs.push(run);
      }
      const mid = (f: (s: HookSteps) => number) => median(runs.map(f));
      rows.push({
        module: m.label, bytes: m.bytes, samples,
        responseReadMs: mid((s) => s.responseReadMs), copyMs: mid((s) => s.copyMs), sha256Ms: mid((s) => s.sha256Ms),
        analyseMs: mid((s) => s.analyseMs), compileMs: mid((s) => s.compileMs),
      });
    }
    return rows;
  } finally {
    await page.close();
  }
}
