// Page code that poisons its own realm's built-ins the way an attacker would, to make the
// hook's analysis of a miner come out clean. Run inside a hooked realm (hostile-realm.ts).
// `lying` keeps the page working with its own copies; `throwing` replaces every method of
// every intrinsic with one that throws; `replaced` swaps the globals themselves.

/** Kept before poisoning: the test's own way to look at results from inside the realm. */
export const KEEP = `
globalThis.__kept = { then: Promise.prototype.then, apply: Reflect.apply, exports: WebAssembly.Module.exports };
`;

// Poisoning code keeps its own copies and uses indexed loops: it breaks iteration itself.
const INTRINSICS = `
const ownKeys = Reflect.ownKeys, describe = Object.getOwnPropertyDescriptor, protoOf = Object.getPrototypeOf;
const setProto = Object.setPrototypeOf, defineRaw = Object.defineProperty;
const def = (o, k, d) => defineRaw(o, k, setProto(d, null));
const iterProto = protoOf(protoOf([][Symbol.iterator]()));
const arrayIter = protoOf([][Symbol.iterator]());
const typedArray = protoOf(Uint8Array);
const targets = [Object, Object.prototype, Array, Array.prototype, Set, Set.prototype, Map, Map.prototype,
  WeakMap.prototype, WeakSet.prototype, String, String.prototype, Number, Number.prototype, Math, JSON, Reflect,
  RegExp.prototype, Symbol, Symbol.prototype, BigInt, BigInt.prototype, Boolean.prototype, Function.prototype,
  Error, Error.prototype, typedArray, typedArray.prototype, Uint8Array, Uint8Array.prototype, Uint32Array.prototype,
  Int32Array.prototype, Float64Array.prototype, DataView.prototype, ArrayBuffer, ArrayBuffer.prototype,
  iterProto, arrayIter, protoOf(new Map()[Symbol.iterator]()), protoOf(new Set()[Symbol.iterator]()),
  protoOf(''[Symbol.iterator]())];
`;

/** The issue's own example: collections that never hold what they were given. */
export const COLLECTIONS = `(() => {
  Set.prototype.has = () => false;
  Map.prototype.has = () => false;
  Map.prototype.get = () => undefined;
})();`;

/** Targeted lies: the analyser sees no crypto, no set member, no bytes. */
export const LYING = `(() => {
${INTRINSICS}
  const no = () => false;
  Set.prototype.has = no;
  Set.prototype.add = function () { return this; };
  Map.prototype.get = () => undefined;
  Map.prototype.has = no;
  Map.prototype.set = function () { return this; };
  WeakMap.prototype.get = () => undefined;
  WeakMap.prototype.has = no;
  Array.prototype.push = () => 0;
  Array.prototype.slice = () => [];
  Array.prototype.map = () => [];
  Array.prototype.filter = () => [];
  Array.prototype.some = no;
  Array.prototype.every = () => true;
  Array.prototype.includes = no;
  Array.prototype.indexOf = () => -1;
  Array.prototype.concat = () => [];
  Array.prototype.sort = function () { return this; };
  Array.prototype[Symbol.iterator] = function* () {};
  arrayIter.next = () => ({ done: true, value: undefined });
  String.prototype.charCodeAt = () => 0;
  String.prototype.indexOf = () => -1;
  String.prototype.includes = no;
  String.prototype.startsWith = no;
  String.prototype.endsWith = no;
  String.prototype.slice = () => '';
  String.prototype.split = () => [];
  String.prototype.toLowerCase = () => '';
  RegExp.prototype.exec = () => null;
  RegExp.prototype.test = no;
  Math.imul = () => 0;
  Math.max = () => 0;
  Math.min = () => 0;
  Math.floor = () => 0;
  Number.isInteger = no;
  JSON.parse = () => ({});
  Object.keys = () => [];
  Object.entries = () => [];
  Object.assign = (t) => t;
  Object.freeze = (o) => o;
  def(typedArray.prototype, 'length', { get() { return 0; }, configurable: true });
  def(typedArray.prototype, 'byteLength', { get() { return 0; }, configurable: true });
  typedArray.prototype.subarray = function () { return new Uint8Array(0); };
  typedArray.prototype.fill = function () { return this; };
  DataView.prototype.getUint8 = () => 0;
  DataView.prototype.getUint32 = () => 0;
  Error.prepareStackTrace = () => { throw new Error('stack'); };
  for (let i = 0; i < 64; i++) def(Array.prototype, i, { get() { return 0; }, set() {}, configurable: true });
  const names = ['level', 'verdict', 'reason', 'ok', 'primitives', 'miner', 'sha256', 'value', 'get', 'set', 'count', 'score', 'then'];
  for (let i = 0; i < names.length; i++) def(Object.prototype, names[i], { get() { return undefined; }, set() {}, configurable: true });
  setProto(Array.prototype, new Proxy({}, { get: () => 0 }));
})();`;

/** Every method of every intrinsic throws; accessors too. */
export const THROWING = `(() => {
${INTRINSICS}
  const boom = function () { throw new TypeError('poisoned'); };
  for (let t = 0; t < targets.length; t++) {
    const keys = ownKeys(targets[t]);
    for (let k = 0; k < keys.length; k++) {
      const d = describe(targets[t], keys[k]);
      if (!d.configurable && !d.writable) continue;
      if (keys[k] === 'prototype' || keys[k] === 'constructor') continue;
      if (typeof d.value === 'function') def(targets[t], keys[k], { value: boom, writable: true, configurable: true });
      else if (d.get) def(targets[t], keys[k], { get: boom, set: boom, configurable: true });
    }
  }
})();`;
/** The globals themselves replaced with look-alikes that lie. */
export const REPLACED = `(() => {
  const FakeSet = class extends Set { has() { return false; } };
  const FakeMap = class extends Map { get() { return undefined; } has() { return false; } };
  const FakeU8 = function () { return new Uint8Array(0); };
  globalThis.Set = FakeSet;
  globalThis.Map = FakeMap;
  globalThis.Uint8Array = FakeU8;
  globalThis.Math = { ...Math, imul: () => 0, max: () => 0, min: () => 0 };
  globalThis.JSON = { parse: () => ({}), stringify: () => '{}' };
  globalThis.Object = new Proxy(Object, { get: (t, k) => (k === 'keys' ? () => [] : t[k]) });
})();`;

/**
 * What a script can do that no descriptor shows: declare a global lexical binding,
 * which shadows the global property for every script in the realm.
 */
export const SHADOWED = 'let Set = class extends globalThis.Set { has() { return false; } };';

/** A benign freezer (SES `harden`, LavaMoat): the original built-ins, frozen in place. */
export const FROZEN = `(() => {
${INTRINSICS}
  for (let t = 0; t < targets.length; t++) Object.freeze(targets[t]);
  Object.freeze(Promise);
  Object.freeze(Promise.prototype);
})();`;
