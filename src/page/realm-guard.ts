// The one RealmGuard of the realm this bundle runs in: the window of the frame for the
// page hook, the worker global for the worker hook. Child realms the page hook adopts
// run our code in the parent's realm, so this guard covers them too.
import { createRealmGuard, RealmTampered, type RealmGuard } from './pristine-realm';

let guard: RealmGuard | null = null;

/** Called once the hooks are installed in our own realm, before any page script runs there. */
export function armRealmGuard(): void {
  guard ??= createRealmGuard(globalThis);
}

/**
 * Runs a synchronous judgement on the built-ins of install time (see pristine-realm.ts);
 * throws RealmTampered, before `fn` runs, when the page made them impossible to put back.
 */
export function pristine<T>(fn: () => T): T {
  return guard ? guard.pristine(fn) : fn();
}

export { RealmTampered };

/** What a refusal says when the built-ins could not be put back. */
export const TAMPERED_REASON = 'page tampered with built-ins the analysis needs; module refused rather than judged blind';
