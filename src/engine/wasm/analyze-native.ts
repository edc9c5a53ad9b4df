import { analyzeWasm, createStreamingAnalyzer, type AnalyzeOptions, type WasmReport } from './analyze';
import { fingerprintIndex } from './fingerprints';
import { NativeWalker } from './native/native-walker';

// The analyser with its code walker compiled to Wasm: the same reports as analyze.ts, several
// times faster on large modules. A separate entry point so that bundles which must stay small
// (the page hook) do not carry the compiled walker unless they ask for it.

let shared: NativeWalker | undefined;

/** One walker for the process: its memory is reused by every module analysed. */
export function nativeWalker(): NativeWalker {
  shared ??= new NativeWalker(fingerprintIndex().index);
  return shared;
}

export function analyzeWasmNative(bytes: Uint8Array, opts?: Omit<AnalyzeOptions, 'walker'>): WasmReport {
  return analyzeWasm(bytes, { ...opts, walker: nativeWalker() });
}

export function createNativeStreamingAnalyzer(opts?: Omit<AnalyzeOptions, 'walker'>): ReturnType<typeof createStreamingAnalyzer> {
  return createStreamingAnalyzer({ ...opts, walker: nativeWalker() });
}
