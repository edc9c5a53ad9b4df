// Keeps the stored subscription states in step with the effective subscription list
// (policy entries plus the user's), whenever either changes.
import type { SubscriptionSource } from '../policy/types';
import type { TrustedKey } from '../signing';
import type { LastGood, SubscriptionError, SubscriptionState } from './types';

export interface ReconcileContext {
  now: number;
  trustedKeys: readonly TrustedKey[];
  requireSignature: boolean;
}

export function newSubscriptionState(source: SubscriptionSource, now: number): SubscriptionState {
  return { ...source, failures: 0, nextAttempt: now };
}

export function isDue(state: SubscriptionState, now: number): boolean {
  return state.nextAttempt <= now;
}

/**
 * Why a kept list no longer meets the source's terms, or null. Rules an admin has
 * since distrusted (new pin, signature now required, signing key withdrawn) must stop
 * applying at once rather than linger until the next successful download.
 */
function staleReason(good: LastGood, source: SubscriptionSource, ctx: ReconcileContext): Pick<SubscriptionError, 'kind' | 'message'> | null {
  if (source.sha256 && good.sha256 !== source.sha256) {
    return { kind: 'hash', message: `the kept list was dropped: the policy now pins sha256 ${source.sha256}` };
  }
  const signatureRequired = ctx.requireSignature || source.requireSignature === true;
  if (signatureRequired && !good.signedBy) {
    return { kind: 'signature', message: 'the kept list was dropped: it is unsigned and a signature is now required' };
  }
  if (good.signedBy && !ctx.trustedKeys.some((k) => k.id === good.signedBy)) {
    return { kind: 'signature', message: `the kept list was dropped: signing key "${good.signedBy}" is no longer trusted` };
  }
  return null;
}

export function reconcileSubscriptions(
  states: readonly SubscriptionState[],
  sources: readonly SubscriptionSource[],
  ctx: ReconcileContext,
): SubscriptionState[] {
  return sources.map((source) => {
    const existing = states.find((s) => s.url === source.url);
    if (!existing) return newSubscriptionState(source, ctx.now);
    const { url: _url, name: _name, sha256: _sha, requireSignature: _req, sigUrl: _sig, lastGood, ...progress } = existing;
    const merged: SubscriptionState = { ...source, ...progress };
    if (!lastGood) return merged;
    const stale = staleReason(lastGood, source, ctx);
    if (!stale) return { ...merged, lastGood };
    // Fetch again now, without validators, so the server sends the body.
    return { ...merged, error: { ...stale, at: ctx.now }, nextAttempt: ctx.now };
  });
}
