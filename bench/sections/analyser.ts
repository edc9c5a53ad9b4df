import { analyzeWasm, createStreamingAnalyzer, type WasmReport } from '../../src/engine/wasm/analyze';
import { analyzeWasmNative, createNativeStreamingAnalyzer } from '../../src/engine/wasm/analyze-native';
import { wasmCases, type WasmCase } from '../data/wasm-modules';
import { interleave, type Timing } from '../lib/interleave';

// Contenders get exactly the same bytes. WebAssembly.validate is the baseline: the engine
// does at least as much work for every module a page compiles, so the analyser's cost is
// best read as a multiple of it. Two analysers run side by side: the JS one (analyze.ts) and
// the native one (analyze-native.ts, its code walker compiled to Wasm), which the CLI uses.
// Their reports are identical; only their speed differs.

const STREAM_CHUNK = 64 * 1024;

export interface AnalyserRow {
  name: string;
  source: string;
  modules: number;
  bytes: number;
  /** JS analyser, whole bytes. */
  analyser: TimingSummary;
  /** JS analyser, streamed in 64 KB chunks. */
  streaming: TimingSummary;
  /** Native analyser (Wasm-compiled walker), whole bytes. */
  native: TimingSummary;
  /** Native analyser, streamed in 64 KB chunks. */
  nativeStreaming: TimingSummary;
  validate: TimingSummary;
  /** JS analyser throughput ÷ validate throughput (1 = parity, higher is better). */
  ratio: number;
  /** Native analyser throughput ÷ validate throughput (1 = parity, higher is better). */
  nativeRatio: number;
  /** JS whole-bytes time ÷ JS streamed time (1 = streaming costs nothing extra). */
  streamingRatio: number;
  /** Native whole-bytes time ÷ native streamed time. */
  nativeStreamingRatio: number;
  verdicts: string[];
  /** Whether the native analyser gave every module the same verdict line as the JS one. */
  nativeVerdictsAgree: boolean;
}

export interface TimingSummary { medianMs: number; p95Ms: number; mbPerS: number; rounds: number }

export interface AnalyserResult { rows: AnalyserRow[]; missing: string[]; targets: { label: string; value: string; met: boolean }[] }

function summary(t: Timing, bytes: number): TimingSummary {
  return { medianMs: t.medianMs, p95Ms: t.p95Ms, mbPerS: bytes / 1e6 / (t.medianMs / 1000), rounds: t.samples.length };
}

function streamed(bytes: Uint8Array, create: () => ReturnType<typeof createStreamingAnalyzer>): void {
  const a = create();
  for (let i = 0; i < bytes.length; i += STREAM_CHUNK) a.push(bytes.subarray(i, i + STREAM_CHUNK));
  a.finish();
}

function verdictLine(r: WasmReport): string {
  return r.ok ? `${r.verdict.level}${r.primitives.length ? ` (${r.primitives.map((p) => p.name).join(', ')})` : ''}` : `error ${r.error?.code}`;
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
    const verdicts = c.modules.map((m) => verdictLine(analyzeWasm(m)));
    const nativeVerdicts = c.modules.map((m) => verdictLine(analyzeWasmNative(m)));
    const nativeVerdictsAgree = verdicts.every((v, i) => v === nativeVerdicts[i]);
    if (!nativeVerdictsAgree) log(`  WARNING ${c.name}: native and JS verdicts differ`);
    const [an, st, na, ns, va] = interleave([
      { name: 'analyser', run: () => { for (const m of c.modules) analyzeWasm(m); } },
      { name: 'streaming', run: () => { for (const m of c.modules) streamed(m, createStreamingAnalyzer); } },
      { name: 'native', run: () => { for (const m of c.modules) analyzeWasmNative(m); } },
      { name: 'nativeStreaming', run: () => { for (const m of c.modules) streamed(m, createNativeStreamingAnalyzer); } },
      { name: 'validate', run: () => { for (const m of c.modules) WebAssembly.validate(m); } },
    ], { rounds: roundsFor(c, quick), warmup: c.bytes > 4_000_000 ? 1 : 3 });
    const row: AnalyserRow = {
      name: c.name, source: c.source, modules: c.modules.length, bytes: c.bytes,
      analyser: summary(an, c.bytes), streaming: summary(st, c.bytes),
      native: summary(na, c.bytes), nativeStreaming: summary(ns, c.bytes), validate: summary(va, c.bytes),
      ratio: va.medianMs / an.medianMs, nativeRatio: va.medianMs / na.medianMs,
      streamingRatio: an.medianMs / st.medianMs, nativeStreamingRatio: na.medianMs / ns.medianMs,
      verdicts: [...new Set(verdicts)], nativeVerdictsAgree,
    };
    rows.push(row);
    log(`  ${c.name.padEnd(16)} ${(c.bytes / 1024).toFixed(0).padStart(6)} KB  JS ${row.analyser.medianMs.toFixed(2)} ms  native ${row.native.medianMs.toFixed(2)} ms  validate ${row.validate.medianMs.toFixed(2)} ms  ratio JS ${row.ratio.toFixed(2)} native ${row.nativeRatio.toFixed(2)}`);
  }
  const targets: AnalyserResult['targets'] = [];
  const sql = rows.find((r) => r.name === 'sql.js');
  if (sql) {
    targets.push({
      label: `sql.js (${(sql.bytes / 1024).toFixed(0)} KB) analysed in < 5 ms (native analyser, as the CLI and, from 64 KB, the page hook run it)`,
      value: `native ${sql.native.medianMs.toFixed(2)} ms median, ${sql.native.p95Ms.toFixed(2)} ms p95; JS ${sql.analyser.medianMs.toFixed(2)} ms median, ${sql.analyser.p95Ms.toFixed(2)} ms p95`,
      met: sql.native.medianMs < 5,
    });
  }
  const totalBytes = rows.reduce((n, r) => n + r.bytes, 0);
  const totalAn = rows.reduce((n, r) => n + r.analyser.medianMs, 0);
  const totalNa = rows.reduce((n, r) => n + r.native.medianMs, 0);
  const totalVa = rows.reduce((n, r) => n + r.validate.medianMs, 0);
  const mbps = (ms: number) => (totalBytes / 1e6 / (ms / 1000)).toFixed(0);
  if (rows.length) {
    targets.push({
      label: 'whole dataset: native analyser ≥ 1.0× validate throughput (issue 10)',
      value: `native ${(totalVa / totalNa).toFixed(2)}× (${mbps(totalNa)} vs ${mbps(totalVa)} MB/s); JS ${(totalVa / totalAn).toFixed(2)}× (${mbps(totalAn)} MB/s)`,
      met: totalVa / totalNa >= 1,
    });
  }
  return { rows, missing, targets };
}
