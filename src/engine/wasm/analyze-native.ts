import { analyzeWasm, createStreamingAnalyzer, type AnalyzeOptions, type WasmReport } from './analyze';
import { fingerprintIndex } from './fingerprints';
import { NativeWalker } from './native/native-walker';
import type { WasmPlatform } from './native/wasm-platform';

// The analyser with its code walker compiled to Wasm: the same reports as analyze.ts, several
// times faster on large modules. A separate entry point so that a bundle carries the compiled
// walker only when it asks for it (the page hook's lazily loaded engine does, for modules
// from 64 KB).

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

/**
 * Modules from this size are walked by the Wasm-compiled walker, smaller ones by the JS
 * walker. In a page, esbuild-wasm (14 MB) took 68 ms instead of 86 in Chromium 150 and 84
 * instead of 117 in Firefox ESR 140; sql.js (672 KB) 5.7 instead of 7.3 and 6.4 instead of
 * 9.6 ms; a fresh page's first analysis 1.2-2.4 times less.
 */
export const NATIVE_WALK_FROM = 64 * 1024;

/** A walker whose memory grew past this is dropped after its module; a smaller one is kept. */
const KEEP_WALKER_UP_TO = 8 * 1024 * 1024;
let kept: { platform: WasmPlatform; walker: NativeWalker } | undefined;

/**
 * The analysis with a walker on `platform` (the page hook passes the WebAssembly of install
 * time) for modules from NATIVE_WALK_FROM up, with the JS walker below that. The walker is
 * kept for the next module, until `releaseWalker` or unless its memory grew past 8 MB:
 * making one (a new Wasm memory, the tables copied in) cost Chromium more than sql.js's
 * whole walk saved, but a page should not hold a memory the size of the largest module it
 * compiled. Where no walker can be
 * made (a page whose CSP forbids compiling Wasm), the JS walker does the same walk.
 */
export function analyzeWasmOn(platform: WasmPlatform | null, bytes: Uint8Array, opts?: Omit<AnalyzeOptions, 'walker'>): WasmReport {
  if (!platform || bytes.length < NATIVE_WALK_FROM) return analyzeWasm(bytes, opts);
  let walker = kept?.platform === platform ? kept.walker : undefined;
  kept = undefined;
  if (!walker) {
    try {
      walker = new NativeWalker(fingerprintIndex().index, platform);
    } catch {
      walker = undefined;
    }
  }
  const report = analyzeWasm(bytes, { ...opts, walker });
  if (walker && walker.memoryBytes() <= KEEP_WALKER_UP_TO) kept = { platform, walker };
  return report;
}

/** Whether a walker is kept for the next module (and holds its memory until released). */
export function walkerKept(): boolean {
  return kept !== undefined;
}

/** Lets the kept walker and its memory go (the page hook calls it once its modules are judged). */
export function releaseWalker(): void {
  kept = undefined;
}
