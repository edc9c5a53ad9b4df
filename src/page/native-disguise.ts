// Wrappers must be indistinguishable from the built-ins they replace: same name,
// length, prototype chain and `toString()` text. Pages feature-detect with
// `/\[native code\]/.test(fn)`, and a miner could use a visible wrapper as a signal
// to take another path, so a wrapper that looks patched is a wrapper that leaks.
import {
  apply, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, ownKeys, SafeWeakMap, setPrototypeOf,
} from './intrinsics';

type AnyFunction = (...args: never[]) => unknown;

// One map for every realm we hook: `parentToString.call(childWrapper)` must look native too.
const originals = new SafeWeakMap<object, AnyFunction>();

/** Makes `wrapper` report the identity of `original` (name, length, prototype chain, source text). */
export function disguise<T extends object>(wrapper: T, original: AnyFunction): T {
  originals.set(wrapper, original);
  for (const key of ['name', 'length'] as const) {
    const d = getOwnPropertyDescriptor(original, key);
    if (d) defineProperty(wrapper, key, d);
  }
  // Wrappers installed into a child realm are created in ours; give them that realm's Function.prototype.
  setPrototypeOf(wrapper, getPrototypeOf(original));
  return wrapper;
}

/** Replaces `Function.prototype.toString` of a realm so wrappers print as their originals. */
export function disguiseToString(functionPrototype: { toString: AnyFunction }): void {
  const nativeToString = functionPrototype.toString;
  if (originals.has(nativeToString)) return;
  const patched = {
    toString(this: unknown): string {
      const original = (typeof this === 'function' || (typeof this === 'object' && this !== null))
        ? originals.get(this as object) : undefined;
      // Calling the native on non-functions keeps its own TypeError.
      return apply(nativeToString, original ?? this, []) as string;
    },
  }.toString;
  disguise(patched, nativeToString);
  replaceValue(functionPrototype, 'toString', patched);
}

/** Swaps a property's value for `wrapper`, keeping the original attributes. */
export function replaceValue(target: object, key: PropertyKey, wrapper: unknown): void {
  const d = getOwnPropertyDescriptor(target, key);
  if (!d) return;
  // Some engines expose globals such as `WebSocket` as accessors; the replacement is a plain data property.
  const { enumerable, configurable } = d;
  defineProperty(target, key, 'value' in d ? { ...d, value: wrapper } : { value: wrapper, writable: true, enumerable, configurable });
}

/**
 * Like replaceValue, on whichever object of `target`'s prototype chain owns `key`: worker
 * globals keep operations such as importScripts and fetch on WorkerGlobalScope.prototype.
 */
export function replaceInChain(target: object, key: PropertyKey, makeWrapper: (original: AnyFunction) => unknown): void {
  let owner: object | null = target;
  while (owner && !getOwnPropertyDescriptor(owner, key)) owner = getPrototypeOf(owner);
  const original = owner ? getOwnPropertyDescriptor(owner, key)?.value : undefined;
  if (!owner || typeof original !== 'function') return;
  replaceValue(owner, key, disguise(makeWrapper(original as AnyFunction) as object, original as AnyFunction));
}

/** Wraps the getter of an accessor, keeping the setter and attributes. */
export function replaceGetter(target: object, key: PropertyKey, makeGetter: (original: AnyFunction) => AnyFunction): void {
  const d = getOwnPropertyDescriptor(target, key);
  if (!d?.get) return;
  defineProperty(target, key, { ...d, get: disguise(makeGetter(d.get as AnyFunction), d.get as AnyFunction) });
}

/**
 * Turns `wrapper` (a plain `function`) into a stand-in for the constructor `native`:
 * same statics (WebSocket.OPEN, Module.exports…), same `prototype` object, and
 * `prototype.constructor` pointing back at the wrapper. Without that last step
 * `Object.getPrototypeOf(x).constructor` would hand out the unwatched original.
 */
export function disguiseConstructor<T extends object>(wrapper: T, native: AnyFunction): T {
  disguise(wrapper, native);
  for (const key of ownKeys(native)) {
    if (key === 'name' || key === 'length') continue;
    const d = getOwnPropertyDescriptor(native, key);
    if (d) defineProperty(wrapper, key, d);
  }
  const proto = (native as unknown as { prototype?: object }).prototype;
  if (proto) replaceValue(proto, 'constructor', wrapper);
  return wrapper;
}
