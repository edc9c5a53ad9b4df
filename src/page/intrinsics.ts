// Language built-ins captured when the hook module loads, before any page script runs.
// A page may later replace `Reflect.apply`, `WeakMap.prototype.get`, `JSON.parse`…
// to blind or break the hook; everything here keeps pointing at the originals.

export const apply = Reflect.apply;
export const construct = Reflect.construct;
export const defineProperty = Reflect.defineProperty;
export const getOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
export const ownKeys = Reflect.ownKeys;
export const getPrototypeOf = Reflect.getPrototypeOf;
export const setPrototypeOf = Reflect.setPrototypeOf;
export const jsonParse = JSON.parse;
export const jsonStringify = JSON.stringify;
export const isView = ArrayBuffer.isView;
export const NativeUint8Array = Uint8Array;
export const NativeURL = URL;
export const NativePromise = Promise;
export const promiseThen = Promise.prototype.then;
const stringSlice = String.prototype.slice;
const setTimer = globalThis.setTimeout;
const setProto = Reflect.setPrototypeOf;

/**
 * A data descriptor with no prototype. defineProperty reads `get`, `set`, `value`… from
 * the descriptor through its prototype chain: a literal's would find a page's getters
 * on Object.prototype and turn our definition into something else, or a TypeError.
 */
export function dataDescriptor(value: unknown, open = true): PropertyDescriptor {
  const d = { value, writable: open, enumerable: open, configurable: open };
  setProto(d, null);
  return d;
}

const weakMapGet = WeakMap.prototype.get;
const weakMapSet = WeakMap.prototype.set;
const weakMapHas = WeakMap.prototype.has;
const weakMapDelete = WeakMap.prototype.delete;

/**
 * An array with no prototype, for lists we append to by index: a write past the end of an
 * ordinary array goes through any setter the page put on Array.prototype for that index.
 */
export function bareArray<T>(): T[] {
  const a: T[] = [];
  setProto(a, null);
  return a;
}

/** A WeakMap whose methods a page cannot redirect by patching `WeakMap.prototype`. */
export class SafeWeakMap<K extends object, V> extends WeakMap<K, V> {
  override get(key: K): V | undefined { return apply(weakMapGet, this, [key]) as V | undefined; }
  override set(key: K, value: V): this { apply(weakMapSet, this, [key, value]); return this; }
  override has(key: K): boolean { return apply(weakMapHas, this, [key]) as boolean; }
  override delete(key: K): boolean { return apply(weakMapDelete, this, [key]) as boolean; }
}

/** The getter of an accessor on `proto`, or undefined when the platform lacks it. */
export function getterOf(proto: object | undefined, name: PropertyKey): ((this: unknown) => unknown) | undefined {
  let o: object | null | undefined = proto;
  while (o) {
    const d = getOwnPropertyDescriptor(o, name);
    if (d) return d.get as ((this: unknown) => unknown) | undefined;
    o = getPrototypeOf(o);
  }
  return undefined;
}

export function sliceText(text: string, max: number): string {
  return text.length > max ? (apply(stringSlice, text, [0, max]) as string) : text;
}

const randomValues = globalThis.crypto?.getRandomValues;
const hexDigits = '0123456789abcdef';

/**
 * An unguessable token. A page script that could guess the one handed to a worker could
 * pose as the hook and switch that worker's checks off.
 */
export function randomToken(): string {
  const bytes = new NativeUint8Array(16);
  apply(randomValues, globalThis.crypto, [bytes]);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += hexDigits[bytes[i]! >> 4]! + hexDigits[bytes[i]! & 15]!;
  return out;
}

/**
 * Runs `fn` in a task of its own, after the current one and the promise callbacks it
 * queued: work the caller does not wait for stays off the path of the page's own call.
 */
export function afterThisTask(fn: () => void): void {
  afterDelay(fn, 0);
}

/** Runs `fn` in a task of its own, `ms` from now, with the timer of install time. */
export function afterDelay(fn: () => void, ms: number): void {
  if (typeof setTimer === 'function') apply(setTimer, globalThis, [fn, ms]);
  else fn();
}
