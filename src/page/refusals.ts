// How refusals look to the page. They mimic failures the page already has to handle,
// so a miner's loader sees an ordinary environment problem rather than a detector.
import { apply, getOwnPropertyDescriptor, NativeUint8Array } from './intrinsics';

const startsWith = String.prototype.startsWith;

/** V8 prefixes its Wasm errors with the API (`WebAssembly.Module(): …`); SpiderMonkey does not. */
function speaksV8(NativeModule: typeof WebAssembly.Module): boolean {
  try {
    new NativeModule(new NativeUint8Array(0));
  } catch (e) {
    // Own data and a captured method: the page may have replaced both getters and String methods.
    const message = getOwnPropertyDescriptor(e as object, 'message')?.value;
    return typeof message === 'string' && apply(startsWith, message, ['WebAssembly.Module():']) as boolean;
  }
  return false;
}

/**
 * The engine's own wording for Wasm compilation refused by the embedder (what a CSP
 * without 'wasm-unsafe-eval' produces): pages meet it in the wild and usually fall
 * back or give up quietly. `NativeModule` is the unwrapped constructor, asked once.
 */
export function wasmRefuser(win: typeof globalThis, NativeModule: typeof WebAssembly.Module): (api: string) => Error {
  let v8: boolean | undefined;
  return (api) => {
    v8 ??= speaksV8(NativeModule);
    return new win.WebAssembly.CompileError(v8 ? `${api}(): Wasm code generation disallowed by embedder` : `call to ${api}() blocked by CSP`);
  };
}

/**
 * The browser throws this SecurityError from `new Worker()` / `new WebSocket()` when a
 * script or endpoint may not be used from this origin. Constructing nothing guarantees
 * no request leaves and no worker code runs.
 */
export function loadRefusal(win: typeof globalThis, origin: string, ctor: 'Worker' | 'SharedWorker' | 'WebSocket', url: string): Error {
  const what = ctor === 'WebSocket' ? `The URL '${url}' is not allowed` : `Script at '${url}' cannot be accessed from origin '${origin}'`;
  return new win.DOMException(`Failed to construct '${ctor}': ${what}.`, 'SecurityError');
}
