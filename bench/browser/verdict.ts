import { alternate } from '../lib/alternate';
import { summarize, type Summary } from '../lib/summary';
import { openWasmPage, runInPage, type ModuleSpec } from './wasm-cost';
import type { BrowserPair } from './pair';

// How long a miner-like module keeps the page waiting before the hook refuses it, from
// the page's call to the rejection, on the main thread and in a dedicated worker (timed by
// the worker's clock, a fresh worker per sample). The same call in the plain browser
// (where it succeeds) is shown next to it for scale.

export interface VerdictRow {
  module: string;
  where: 'main thread' | 'worker';
  outcome: string;
  error?: string;
  ext: Summary;
  plain: Summary;
  /** Worker samples whose result was lost with the worker (terminated before it could record it). */
  lost: number;
}

export async function benchVerdict(pair: BrowserPair, origin: string, miners: ModuleSpec[], rounds: number): Promise<VerdictRow[]> {
  const plainPage = await openWasmPage(pair.plain.newPage(), origin, miners);
  const extPage = await openWasmPage(pair.ext.newPage(), origin, miners);
  const rows: VerdictRow[] = [];
  try {
    for (const spec of miners) {
      for (const [where, how] of [['main thread', 'bytes'], ['worker', 'worker']] as const) {
        const [p, e] = await alternate([
          { name: 'plain', run: () => runInPage(plainPage, spec.name, how, 1) },
          { name: 'ext', run: () => runInPage(extPage, spec.name, how, 1) },
        ], rounds);
        const timed = e.filter((x) => Number.isFinite(x.ms));
        const outcomes = [...new Set(e.map((x) => x.outcome))];
        rows.push({
          module: spec.label,
          where,
          outcome: outcomes.join(' / '),
          ...(e.find((x) => x.error) ? { error: e.find((x) => x.error)!.error } : {}),
          ext: summarize(timed.map((x) => x.ms)),
          plain: summarize(p.filter((x) => Number.isFinite(x.ms)).map((x) => x.ms)),
          lost: e.length - timed.length,
        });
      }
    }
  } finally {
    await Promise.all([plainPage.close(), extPage.close()]);
  }
  return rows;
}
