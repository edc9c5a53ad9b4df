import { getOwnPropertyDescriptor } from './intrinsics';

/** Marks a hooked realm. Registered so a second copy of the hook bundle sees it too. */
export const INSTALLED = Symbol.for('miner-sentry.hooked');

export function isHooked(realm: object): boolean {
  return getOwnPropertyDescriptor(realm, INSTALLED) !== undefined;
}
