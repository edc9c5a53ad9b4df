import { analyzeWasm, createStreamingAnalyzer } from '../../src/engine/wasm/analyze';
import { wasmCases, type WasmCase } from '../data/wasm-modules';
import { interleave, type Timing } from '../lib/interleave';

// Contenders get exactly the same bytes. WebAssembly.validate is the baseline: the engine
// does at least as much work for every module a page compiles, so the analyser's cost is
// best read as a multiple of it.

const STREAM_CHUNK = 64 * 1024;

export interface AnalyserRow {
  name: string;
  source: string;
  modules: number;
  bytes: number;
  analyser: TimingSummary;
  streaming: TimingSummary;
  validate: TimingSummary;
  /** Analyser throughput ÷ validate throughput (1 = parity, higher is better). */
  ratio: number;
  /** Whole-bytes time ÷ streamed time (1 = streaming costs nothing extra). */
  streamingRatio: number;
  verdicts: string[];
}

export interface TimingSummary { medianMs: number; p95Ms: number; mbPerS: number; rounds: number }

export interface AnalyserResult { rows: AnalyserRow[]; missing: string[]; targets: { label: string; value: string; met: boolean }[] }

function summary(t: Timing, bytes: number): TimingSummary {
  return { medianMs: t.medianMs, p95Ms: t.p95Ms, mbPerS: bytes / 1e6 / (t.medianMs / 1000), rounds: t.samples.length };
}

function streamed(bytes: Uint8Array): void {
  const a = createStreamingAnalyzer();
  for (let i = 0; i < bytes.length; i += STREAM_CHUNK) a.push(bytes.subarray(i, i + STREAM_CHUNK));
  a.finish();
}

function roundsFor(c: WasmCase, quick: boolean): number {
  const big = c.bytes > 4_000_000;
  if (quick) return big ? 5 : 11;
  return big ? 15 : 41;
}

export function benchAnalyser(quick: boolean, log: (s: string) => void): AnalyserResult {
  const { cases, missing } = wasmCases();
  for (const m of missing) log(`  analyser: ${m} not found, skipped`);
  const rows: AnalyserRow[] = [];
  for (const c of cases) {
    const verdicts = c.modules.map((m) => {
      const r = analyzeWasm(m);
      return r.ok ? `${r.verdict.level}${r.primitives.length ? ` (${r.primitives.map((p) => p.name).join(', ')})` : ''}` : `error ${r.error?.code}`;
    });
    const [an, st, va] = interleave([
      { name: 'analyser', run: () => { for (const m of c.modules) analyzeWasm(m); } },
      { name: 'streaming', run: () => { for (const m of c.modules) streamed(m); } },
      { name: 'validate', run: () => { for (const m of c.modules) WebAssembly.validate(m); } },
    ], { rounds: roundsFor(c, quick), warmup: c.bytes > 4_000_000 ? 1 : 3 });
    const row: AnalyserRow = {
      name: c.name, source: c.source, modules: c.modules.length, bytes: c.bytes,
      analyser: summary(an, c.bytes), streaming: summary(st, c.bytes), validate: summary(va, c.bytes),
      ratio: va.medianMs / an.medianMs, streamingRatio: an.medianMs / st.medianMs, verdicts: [...new Set(verdicts)],
    };
    rows.push(row);
    log(`  ${c.name.padEnd(16)} ${(c.bytes / 1024).toFixed(0).padStart(6)} KB  analyser ${row.analyser.medianMs.toFixed(2)} ms  validate ${row.validate.medianMs.toFixed(2)} ms  ratio ${row.ratio.toFixed(2)}`);
  }
  const targets: AnalyserResult['targets'] = [];
  const sql = rows.find((r) => r.name === 'sql.js');
  if (sql) {
    targets.push({ label: `sql.js (${(sql.bytes / 1024).toFixed(0)} KB) analysed in < 5 ms`, value: `${sql.analyser.medianMs.toFixed(2)} ms median, ${sql.analyser.p95Ms.toFixed(2)} ms p95`, met: sql.analyser.medianMs < 5 });
  }
  const totalBytes = rows.reduce((n, r) => n + r.bytes, 0);
  const totalAn = rows.reduce((n, r) => n + r.analyser.medianMs, 0);
  const totalVa = rows.reduce((n, r) => n + r.validate.medianMs, 0);
  if (rows.length) {
    targets.push({ label: 'whole dataset: analyser ≥ 1.0× validate throughput (issue 10)', value: `${(totalVa / totalAn).toFixed(2)}× (${(totalBytes / 1e6 / (totalAn / 1000)).toFixed(0)} vs ${(totalBytes / 1e6 / (totalVa / 1000)).toFixed(0)} MB/s)`, met: totalVa / totalAn >= 1 });
  }
  return { rows, missing, targets };
}
