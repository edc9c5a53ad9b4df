// Promises the hook waits on must not talk to the page. `await p` reads `p.constructor`
// and `Promise.prototype.then(p)` reads it and its Symbol.species: a getter the page
// puts on `Promise.prototype.constructor` would be handed our promise, for instance
// the native compile of a module we have not judged yet. Resolving a promise with an
// object reads that object's `then`, so a getter on `Object.prototype.then` would see
// (and could edit) whatever our async steps pass to each other.
//
// So: every promise we await gets an own `constructor` that is the intrinsic Promise of
// our realm (await then takes it as it is and looks nothing else up), chaining goes
// through `await` rather than `then`, and objects passed between async steps have no
// prototype to look `then` up on.
import { dataDescriptor, defineProperty, NativePromise, setPrototypeOf } from './intrinsics';

/** Marks `p` so that awaiting it consults nothing the page can reach; returns it. */
export function seal<T>(p: Promise<T>): Promise<T> {
  if ((typeof p === 'object' || typeof p === 'function') && p !== null) {
    defineProperty(p, 'constructor', dataDescriptor(NativePromise, false));
  }
  return p;
}

/** Like `p.then(onValue, onError)`, without reading `then`, `constructor` or species. */
export function whenSettled<T>(p: Promise<T>, onValue?: (value: T) => unknown, onError?: (error: unknown) => unknown): void {
  const sealed = seal(p);
  seal((async () => {
    let value: T;
    try {
      value = await sealed;
    } catch (error) {
      if (onError) onError(error);
      return;
    }
    if (onValue) onValue(value);
  })());
}

/** An object whose resolution reads no `then` the page defined: it has no prototype. */
export function bare<T extends object>(o: T): T {
  setPrototypeOf(o, null);
  return o;
}

/** Calls an async step and seals what it returns. */
export function sealed<T>(run: () => Promise<T>): Promise<T> {
  return seal(run());
}
