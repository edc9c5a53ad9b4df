// The realm guard on its own, in this test's realm: each case changes a built-in the way a
// page script would, calls `pristine` and records what `fn` saw, then undoes its change
// before asserting (vitest itself runs on these built-ins).
import { describe, expect, it } from 'vitest';
import { createRealmGuard, RealmTampered } from '../../../src/page/pristine-realm';

const M = Math as unknown as Record<string, unknown>;
const hypot = Math.hypot;

function restoreMath(): void {
  delete M.__pageAdded;
  Object.defineProperty(Math, 'hypot', { value: hypot, writable: true, enumerable: false, configurable: true });
}

describe('createRealmGuard: pristine(fn) runs fn on the install-time built-ins', () => {
  it('an untouched realm: fn runs and its value comes back, nothing is changed', () => {
    const guard = createRealmGuard(globalThis);
    const keys = Reflect.ownKeys(Math);
    expect(guard.pristine(() => Reflect.ownKeys(Math).length)).toBe(keys.length);
    expect(Reflect.ownKeys(Math)).toEqual(keys);
  });

  it('a key the page added is gone during fn and back afterwards', () => {
    const guard = createRealmGuard(globalThis);
    Object.defineProperty(Object.prototype, '__pageGetter', { get: () => 'page', configurable: true });
    let seen: unknown;
    let after: unknown;
    try {
      seen = guard.pristine(() => ({} as Record<string, unknown>).__pageGetter);
      after = ({} as Record<string, unknown>).__pageGetter;
    } finally {
      delete (Object.prototype as Record<string, unknown>).__pageGetter;
    }
    expect(seen).toBeUndefined();
    expect(after).toBe('page');
  });

  it('one key removed and another added (same count, so the key lists differ only in content)', () => {
    const guard = createRealmGuard(globalThis);
    const count = Reflect.ownKeys(Math).length;
    delete M.hypot;
    M.__pageAdded = () => 0;
    let during: { hypot: unknown; added: boolean; count: number } | null = null;
    let after: { hypot: boolean; added: boolean } | null = null;
    try {
      expect(Reflect.ownKeys(Math).length).toBe(count);
      during = guard.pristine(() => ({ hypot: M.hypot, added: Object.hasOwn(Math, '__pageAdded'), count: Reflect.ownKeys(Math).length }));
      after = { hypot: Object.hasOwn(Math, 'hypot'), added: Object.hasOwn(Math, '__pageAdded') };
    } finally {
      restoreMath();
    }
    expect(during).toEqual({ hypot, added: false, count });
    expect(after).toEqual({ hypot: false, added: true });
  });

  it('a key deleted and set again by the page (its order changed) holds the original during fn', () => {
    const guard = createRealmGuard(globalThis);
    const fake = () => 0;
    delete M.hypot;
    M.hypot = fake;
    let during: unknown;
    let after: unknown;
    try {
      during = guard.pristine(() => Math.hypot);
      after = Math.hypot;
    } finally {
      restoreMath();
    }
    expect(during).toBe(hypot);
    expect(after).toBe(fake);
  });

  it('an accessor the page replaced is the install-time one during fn', () => {
    const guard = createRealmGuard(globalThis);
    const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as object;
    const length = Reflect.getOwnPropertyDescriptor(typedArrayProto, 'length')!;
    Object.defineProperty(typedArrayProto, 'length', { get: () => 0, configurable: true });
    let during: unknown;
    let after: unknown;
    try {
      during = guard.pristine(() => new Uint8Array(3).length);
      after = new Uint8Array(3).length;
    } finally {
      Object.defineProperty(typedArrayProto, 'length', length);
    }
    expect(during).toBe(3);
    expect(after).toBe(0);
  });

  it('an addition that cannot be removed makes pristine throw before fn runs', () => {
    const target = Reflect.getPrototypeOf(new Map()[Symbol.iterator]()) as object;
    const guard = createRealmGuard(globalThis);
    // A non-configurable key cannot be deleted; the only way to undo it would be a new realm.
    Object.defineProperty(target, '__pageStuck', { value: 1, configurable: false });
    let ran = false;
    expect(() => guard.pristine(() => { ran = true; })).toThrow(RealmTampered);
    expect(ran).toBe(false);
  });
});
