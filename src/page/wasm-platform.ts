// The native walker's way to WebAssembly in a page or worker (src/engine/wasm/native/
// wasm-platform.ts): the constructors and accessors as they were when the bundle ran, before
// any page script. Afterwards WebAssembly.Module is our own wrapper (a walker compiled
// through it would be judged), and the page may replace Instance, `exports`, `buffer` or
// `grow` to feed the walker other bytes or read its results wrong.
import type { WasmPlatform } from '../engine/wasm/native/wasm-platform';
import { apply, construct, getterOf } from './intrinsics';
import { bare } from './sealed-promise';

const WA = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
const NativeModule = WA?.Module;
const NativeInstance = WA?.Instance;
const exportsOf = getterOf(NativeInstance?.prototype, 'exports');
const bufferOf = getterOf(WA?.Memory?.prototype, 'buffer');
const grow = WA?.Memory?.prototype.grow;

/** Null where the realm lacks a piece: the JS walker then does every walk. */
export const pageWasmPlatform: WasmPlatform | null = NativeModule && NativeInstance && exportsOf && bufferOf && grow
  ? bare<WasmPlatform>({
    compile: (bytes) => construct(NativeModule, [bytes]) as WebAssembly.Module,
    instantiate: (module, imports) => apply(exportsOf, construct(NativeInstance, [module, imports]), []) as WebAssembly.Exports,
    buffer: (memory) => apply(bufferOf, memory, []) as ArrayBuffer,
    grow: (memory, pages) => {
      apply(grow, memory, [pages]);
    },
  })
  : null;
