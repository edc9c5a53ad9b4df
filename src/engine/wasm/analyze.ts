import { judgeWasm } from '../verdict';
import { emptyFeatures } from './code-features';
import { FLAG_MEMORY } from './const-index';
import { evaluateFingerprints, fingerprintIndex } from './fingerprints';
import { ModuleScanner } from './module-scanner';
import type { NativeWalker } from './native/native-walker';
import type { PrimitiveHit, WasmReport, WasmStats } from './report-types';

export type { PrimitiveHit, WasmError, WasmReport, WasmStats } from './report-types';

/** Beyond this the module is not analysed (engines refuse far smaller ones for sync compile). */
const DEFAULT_MAX_BYTES = 128 * 1024 * 1024;
/**
 * Tables written from JS land in the low static region of linear memory; scanning a
 * multi-gigabyte heap byte by byte would stall the page for nothing.
 */
const MEMORY_SCAN_LIMIT = 64 * 1024 * 1024;

export interface AnalyzeOptions {
  maxBytes?: number;
  /** Walks code sections in Wasm (analyze-native.ts supplies one); the report is the same. */
  walker?: NativeWalker;
}

export function analyzeWasm(bytes: Uint8Array, opts?: AnalyzeOptions): WasmReport {
  const a = createStreamingAnalyzer(opts);
  a.push(bytes);
  return a.finish();
}

export function createStreamingAnalyzer(opts?: AnalyzeOptions): { push(chunk: Uint8Array): void; finish(): WasmReport } {
  const maxBytes = opts?.maxBytes ?? DEFAULT_MAX_BYTES;
  const scanner = new ModuleScanner(fingerprintIndex().index, maxBytes, opts?.walker);
  let total = 0;
  // Bytes of the section still incomplete; grows by doubling so appends stay amortised O(1).
  let pending = new Uint8Array(0);
  let pendingLen = 0;
  let finished: WasmReport | undefined;

  function append(chunk: Uint8Array, from: number): void {
    const need = pendingLen + chunk.length - from;
    if (need > pending.length) {
      const grown = new Uint8Array(Math.max(need, pending.length * 2, 1024));
      grown.set(pending.subarray(0, pendingLen));
      pending = grown;
    }
    pending.set(chunk.subarray(from), pendingLen);
    pendingLen = need;
  }

  return {
    push(chunk: Uint8Array): void {
      if (finished || scanner.error) return;
      total += chunk.length;
      if (total > maxBytes) {
        scanner.error = { code: 'too-large', message: `module exceeds the ${maxBytes}-byte limit`, offset: maxBytes };
        return;
      }
      if (pendingLen === 0) {
        const used = scanner.consume(chunk, 0, chunk.length);
        if (used < chunk.length && !scanner.error) append(chunk, used);
        return;
      }
      append(chunk, 0);
      const used = scanner.consume(pending, 0, pendingLen);
      pending.copyWithin(0, used, pendingLen);
      pendingLen -= used;
    },
    finish(): WasmReport {
      if (!finished) {
        scanner.finish(scanner.error ? 0 : pendingLen);
        finished = report(scanner, total);
        pending = new Uint8Array(0);
      }
      return finished;
    },
  };
}

function report(scanner: ModuleScanner, bytes: number): WasmReport {
  const f = scanner.features;
  const stats: WasmStats = {
    bytes,
    functions: scanner.facts.functions,
    imports: scanner.facts.imports,
    exports: scanner.facts.exports,
    dataBytes: scanner.facts.dataBytes,
    memoryMinPages: scanner.facts.memoryMinPages,
    instructions: f.instructions,
    xorShiftRotateDensity: f.instructions ? f.xorShiftRotate / f.instructions : 0,
  };
  if (scanner.facts.memoryMaxPages !== undefined) stats.memoryMaxPages = scanner.facts.memoryMaxPages;
  if (scanner.error) {
    const e = scanner.error;
    const reason = e.code === 'too-large' ? `clean (not analysed: ${e.message})` : `clean (not a valid module: ${e.message} at byte ${e.offset})`;
    return { ok: false, error: e, primitives: [], verdict: { level: 'clean', reason }, stats };
  }
  const primitives = evaluateFingerprints(scanner.seen, f, scanner.graph);
  return { ok: true, primitives, verdict: judgeWasm(primitives, stats), stats };
}

/** Primitives whose tables sit in linear memory after instantiation (e.g. filled in from JS). */
export function scanMemory(memory: Uint8Array): PrimitiveHit[] {
  const { index } = fingerprintIndex();
  const seen = new Uint8Array(index.size);
  index.scanBytes(seen, memory, 0, Math.min(memory.length, MEMORY_SCAN_LIMIT), FLAG_MEMORY);
  return evaluateFingerprints(seen, emptyFeatures());
}

/** The report with hits found later (memory scans) merged in and the verdict recomputed. */
export function reassess(report: WasmReport, extraHits: PrimitiveHit[]): WasmReport {
  if (!report.ok || extraHits.length === 0) return report;
  const merged = report.primitives.map((h) => ({ ...h }));
  for (const extra of extraHits) {
    const same = merged.find((h) => h.name === extra.name);
    if (!same) merged.push({ ...extra });
    else if (!same.evidence.includes(extra.evidence)) same.evidence += `; ${extra.evidence}`;
  }
  return { ...report, primitives: merged, verdict: judgeWasm(merged, report.stats) };
}
