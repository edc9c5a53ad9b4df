// What the hooks use of the engine for judging, in one place: the page hook's build loads
// this part only when a judgement first needs it (engine.lazy.ts), so frames that never
// compile Wasm, read a script or build a rule matcher never compile or run it. The small
// helpers a busy WebSocket needs on every frame (stratum-prefilter, ws-filters,
// stratum-bytes, the classifier) stay outside: they are cheap and must work unguarded.
import { findEmbeddedWasm } from '../engine/embedded-wasm';
import { hashBytes } from '../engine/hash';
import { createPageMatcher } from '../engine/rules/page-matcher';
import { VERDICT_RANK } from '../engine/verdict';
import { analyzeWasm, reassess, scanMemory } from '../engine/wasm/analyze';
import { analyzeWasmOn, releaseWalker, walkerKept } from '../engine/wasm/analyze-native';

export interface Engine {
  analyzeWasm: typeof analyzeWasm;
  /** The same analysis, with the Wasm-compiled walker for large modules. */
  analyzeWasmOn: typeof analyzeWasmOn;
  walkerKept: typeof walkerKept;
  releaseWalker: typeof releaseWalker;
  reassess: typeof reassess;
  scanMemory: typeof scanMemory;
  hashBytes: typeof hashBytes;
  createPageMatcher: typeof createPageMatcher;
  findEmbeddedWasm: typeof findEmbeddedWasm;
  VERDICT_RANK: typeof VERDICT_RANK;
}

/** A null-prototype record: reading a member never consults anything the page can change. */
export const engine: Engine = Object.assign(Object.create(null) as Engine, {
  analyzeWasm, analyzeWasmOn, walkerKept, releaseWalker, reassess, scanMemory, hashBytes, createPageMatcher, findEmbeddedWasm, VERDICT_RANK,
});
