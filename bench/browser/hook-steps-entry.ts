// Bundled for the page (bench/browser/hook-steps.ts): the steps the hook takes for one
// module (src/page/judge-module.ts, src/page/wasm-hooks.ts), each timed on its own, next
// to the browser's own compile of the same bytes.
import { hashBytes } from '../../src/engine/hash';
import { analyzeWasmOn } from '../../src/engine/wasm/analyze-native';
import { globalWasmPlatform } from '../../src/engine/wasm/native/wasm-platform';

export interface HookSteps { responseReadMs: number; copyMs: number; sha256Ms: number; analyseMs: number; compileMs: number }

async function time(run: () => unknown): Promise<number> {
  const t = performance.now();
  await run();
  return performance.now() - t;
}

export async function hookSteps(buffer: ArrayBuffer): Promise<HookSteps> {
  const bytes = new Uint8Array(buffer);
  return {
    // instantiateStreaming: the hook reads a clone of the Response before the native call.
    responseReadMs: await time(() => new Response(buffer, { headers: { 'content-type': 'application/wasm' } }).clone().arrayBuffer()),
    copyMs: await time(() => {
      const copy = new Uint8Array(bytes.length);
      copy.set(bytes);
    }),
    sha256Ms: await time(() => hashBytes(bytes, ['sha256'])),
    // As the hook does: the Wasm-compiled walker from 64 KB (its WebAssembly is the page's own here).
    analyseMs: await time(() => analyzeWasmOn(globalWasmPlatform, bytes)),
    compileMs: await time(() => WebAssembly.compile(bytes)),
  };
}
