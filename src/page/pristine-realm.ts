// The engine runs in the page's realm and uses its built-ins: a page that lies through
// `Set.prototype.has`, an index setter on `Array.prototype` or a getter on
// `Object.prototype` could make a miner look clean. Every synchronous judgement
// therefore runs inside `pristine(fn)`: the built-ins as they were when the hook was
// installed (before any page script) are put back for the duration of `fn`, and the
// page's versions restored afterwards. Nothing of the page runs in between, since `fn`
// is our own synchronous code and the swap only defines properties.
//
// What cannot be put back (the page redefined it non-configurable, or made an object
// non-extensible after changing it) makes the judgement impossible to trust: `pristine`
// then throws RealmTampered and the caller refuses rather than judges blind. A freezer
// that freezes the original values (SES, LavaMoat) changes nothing we compare.
//
// This module must itself use nothing the page can replace: captured functions, own
// data of our own objects, null-prototype dictionaries.
const ownKeys = Reflect.ownKeys;
const describe = Reflect.getOwnPropertyDescriptor;
const define = Reflect.defineProperty;
const remove = Reflect.deleteProperty;
const protoOf = Reflect.getPrototypeOf;
const setProto = Reflect.setPrototypeOf;
const isExtensible = Reflect.isExtensible;
const create = Object.create;

/** Thrown by `pristine` when the built-ins could not be restored. */
export class RealmTampered extends Error {}

/**
 * The built-ins the engine may reach by name (Date, Proxy, Intl… it never uses; WebAssembly
 * and the DOM are the hooks' business). Their prototypes, constructors and prototype
 * chains are watched with them.
 */
const GLOBAL_NAMES = [
  'Object', 'Function', 'Array', 'Number', 'Boolean', 'String', 'Symbol', 'BigInt', 'Promise', 'RegExp',
  'Error', 'RangeError', 'SyntaxError', 'TypeError', 'JSON', 'Math', 'Reflect', 'ArrayBuffer', 'SharedArrayBuffer',
  'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Iterator',
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'decodeURIComponent', 'encodeURIComponent', 'globalThis',
  'TextEncoder', 'TextDecoder', 'URL',
] as const;

/**
 * The same names as free identifiers: a page's top-level `let Set = …` shadows the
 * global property for every script, ours included, and no descriptor shows it.
 */
function boundNow(): readonly unknown[] {
  return [
    Object, Function, Array, Number, Boolean, String, Symbol, BigInt, Promise, RegExp, Error, RangeError,
    TypeError, SyntaxError, JSON, Math, Reflect, ArrayBuffer, DataView, Uint8Array, Int32Array, Uint32Array,
    Float64Array, Map, Set, WeakMap, WeakSet, parseInt, parseFloat, isNaN, isFinite, TextDecoder, TextEncoder, URL,
  ];
}

type Dict = Record<PropertyKey, unknown>;

interface Watched {
  target: object;
  proto: object | null;
  keys: PropertyKey[];
  /**
   * The install-time descriptors, `descs[i]` for `keys[i]` (undefined: a listed name that
   * was absent). One `Reflect.getOwnPropertyDescriptor` per key into an array: in a fresh
   * frame this took 0.38 ms (Chromium 150) and 0.33 ms (Firefox ESR 140) for the ~680 keys,
   * against 0.76 and 0.85 ms for one `Object.getOwnPropertyDescriptors` per object, which
   * builds a new object shape for every object's set of keys.
   */
  descs: (PropertyDescriptor | undefined)[];
  /** Only the listed keys are watched (the global object), not added ones. */
  listed: boolean;
}

function bare<T extends object>(o: T): T {
  setProto(o, null);
  return o;
}

function snapshotOf(target: object, listed: readonly PropertyKey[] | null): Watched {
  const keys = listed ? [...listed] : ownKeys(target);
  const descs: (PropertyDescriptor | undefined)[] = [];
  for (let i = 0; i < keys.length; i++) descs[i] = describe(target, keys[i]!);
  return { target, proto: protoOf(target), keys, descs, listed: listed !== null };
}

/** Whether `now` lists the install-time keys in their order: nothing added or removed. */
function sameKeys(now: readonly PropertyKey[], was: readonly PropertyKey[]): boolean {
  if (now.length !== was.length) return false;
  for (let i = 0; i < now.length; i++) if (now[i] !== was[i]) return false;
  return true;
}

function listedIn(keys: readonly PropertyKey[], key: PropertyKey): boolean {
  for (let i = 0; i < keys.length; i++) if (keys[i] === key) return true;
  return false;
}

/**
 * Whether the current descriptor `d` still shows what `was` had; attributes may be
 * tightened by freezers. Called once Object.prototype is clean, so reading fields is safe.
 */
function unchanged(d: PropertyDescriptor | undefined, was: PropertyDescriptor | undefined): boolean {
  if (!d || !was) return d === was;
  return d.value === was.value && d.get === was.get && d.set === was.set;
}

function intrinsicsOf(global: Dict): object[] {
  const found: object[] = [];
  const add = (o: unknown): void => {
    while ((typeof o === 'object' || typeof o === 'function') && o !== null) {
      if (found.includes(o)) return;
      found.push(o);
      if (typeof o === 'function') {
        const p = describe(o, 'prototype');
        if (p && 'value' in p) add(p.value);
      }
      o = protoOf(o);
    }
  };
  // The global object itself is watched by listed names only (createRealmGuard): walking it
  // would snapshot every `var` and function a page declares, which are non-configurable and
  // could never be put back, and would force the browser to build each of its hundreds of
  // lazily created DOM interface objects in every frame.
  for (const name of GLOBAL_NAMES) if (name !== 'globalThis') add(describe(global, name)?.value);
  // Reached by syntax, never by name: iteration, generators, async functions.
  add(protoOf([][Symbol.iterator]()));
  add(protoOf(''[Symbol.iterator]()));
  add(protoOf(new Map()[Symbol.iterator]()));
  add(protoOf(new Set()[Symbol.iterator]()));
  add(protoOf(/a/[Symbol.matchAll]('a')));
  add(protoOf(function* g() { /* shape only */ }));
  add(protoOf(function* g() { /* shape only */ }()));
  add(protoOf(async function a() { /* shape only */ }));
  return found;
}

export interface RealmGuard {
  /** Runs `fn` with the built-ins of install time; throws RealmTampered when they cannot be put back. */
  pristine<T>(fn: () => T): T;
}

/**
 * Snapshots `global`'s built-ins now. Call it before any page script has run in that
 * realm, in the realm whose code will run the judgements.
 */
export function createRealmGuard(global: typeof globalThis): RealmGuard {
  const g = global as unknown as Dict;
  const watched: Watched[] = [];
  // Object.prototype first: once its additions are gone, reading descriptors is safe.
  watched.push(snapshotOf(Object.prototype, null));
  for (const o of intrinsicsOf(g)) if (o !== Object.prototype) watched.push(snapshotOf(o, null));
  watched.push(snapshotOf(global, GLOBAL_NAMES));
  const bound = boundNow();
  // Nested calls (a guarded matcher inside a guarded judgement) find the realm restored already.
  let depth = 0;

  return {
    pristine<T>(fn: () => T): T {
      if (depth > 0) return fn();
      // Undo log as triples [target, key or null for the prototype, the page's version].
      const undo = create(null) as Dict;
      let n = 0;
      const log = (target: object, key: PropertyKey | null, was: unknown): void => {
        undo[n++] = target;
        undo[n++] = key;
        undo[n++] = was;
      };
      let ok = true;
      for (let w = 0; w < watched.length && ok; w++) {
        const e = watched[w]!;
        const target = e.target;
        const proto = protoOf(target);
        if (proto !== e.proto) {
          if (setProto(target, e.proto)) log(target, null, proto);
          else ok = false;
        }
        if (!e.listed) {
          const now = ownKeys(target);
          // Own keys keep their order, so an untouched object lists exactly the snapshot's.
          const added = !sameKeys(now, e.keys);
          for (let i = 0; added && i < now.length && ok; i++) {
            const key = now[i]!;
            if (listedIn(e.keys, key)) continue;
            // Added by the page: an index setter, a getter on Object.prototype, Error.prepareStackTrace.
            const d = describe(target, key);
            if (d && isExtensible(target) && remove(target, key)) log(target, key, bare(d));
            else if (d) ok = false;
          }
        }
        for (let i = 0; i < e.keys.length && ok; i++) {
          const key = e.keys[i]!;
          const was = e.descs[i];
          const d = describe(target, key);
          if (unchanged(d, was)) continue;
          // Kept without a prototype: when put back, nothing the page set on Object.prototype is read.
          if (d) bare(d);
          if (!was) {
            if (remove(target, key)) log(target, key, d);
            else ok = false;
          } else if (define(target, key, bare({ ...was }))) log(target, key, d);
          else ok = false;
        }
      }
      if (ok) {
        const current = boundNow();
        for (let i = 0; i < bound.length && ok; i++) ok = current[i] === bound[i];
      }
      try {
        if (!ok) throw new RealmTampered('page tampered with built-ins');
        depth++;
        try {
          return fn();
        } finally {
          depth--;
        }
      } finally {
        while (n > 0) {
          const was = undo[--n];
          const key = undo[--n] as PropertyKey | null;
          const target = undo[--n] as object;
          if (key === null) setProto(target, was as object | null);
          else if (was === undefined) remove(target, key);
          else define(target, key, was as PropertyDescriptor);
        }
      }
    },
  };
}
