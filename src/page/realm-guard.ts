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
 * Runs a synchronous judgement on the built-ins of install time (see pristine-realm.ts).
 * When they cannot be put back, the judgement runs on what the page left: refusing instead
 * misfired on real benign pages (the benign-apps suite had every module refused), so
 * unrestorable tampering (a global `let` shadowing a built-in, a non-configurable
 * redefinition) is a known gap, listed in docs/reliability.md.
 */
export function pristine<T>(fn: () => T): T {
  if (!guard) return fn();
  try {
    return guard.pristine(fn);
  } catch (e) {
    // Thrown before `fn` ran: it runs once either way.
    if (e instanceof RealmTampered) return fn();
    throw e;
  }
}

export { RealmTampered };

/** What a refusal says when the built-ins could not be put back. */
export const TAMPERED_REASON = 'page tampered with built-ins the analysis needs; module refused rather than judged blind';
