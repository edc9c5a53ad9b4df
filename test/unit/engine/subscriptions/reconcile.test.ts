import { describe, expect, it } from 'vitest';
import { isDue, newSubscriptionState, reconcileSubscriptions } from '../../../../src/engine/subscriptions/reconcile';
import { signatureUrl } from '../../../../src/engine/subscriptions/signature-check';
import type { SubscriptionState } from '../../../../src/engine/subscriptions/types';

const NOW = 1_700_000_000_000;
const KEY = { id: 'k1', publicKey: 'A'.repeat(43) + '=' };
const A = 'https://lists.example/a.txt';

function stored(over: Partial<SubscriptionState> = {}): SubscriptionState {
  return {
    url: A,
    failures: 0,
    lastChecked: NOW - 1000,
    nextAttempt: NOW + 3_600_000,
    lastGood: {
      list: { format: 'miner-sentry-rules', version: 1, name: 'a', rules: [] },
      format: 'abp',
      sha256: 'aa'.repeat(32),
      ruleCount: 1,
      skippedLines: 0,
      signedBy: 'k1',
      updatedAt: NOW - 1000,
    },
    ...over,
  };
}

const ctx = { now: NOW, trustedKeys: [KEY], requireSignature: false };

describe('reconcileSubscriptions', () => {
  it('keeps progress for known URLs, adds new ones as due, drops removed ones', () => {
    const out = reconcileSubscriptions([stored(), stored({ url: 'https://gone.example/x.txt' })], [{ url: A, name: 'Renamed' }, { url: 'https://new.example/n.txt' }], ctx);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ url: A, name: 'Renamed', nextAttempt: NOW + 3_600_000 });
    expect(out[0].lastGood?.sha256).toBe('aa'.repeat(32));
    expect(out[1]).toEqual({ url: 'https://new.example/n.txt', failures: 0, nextAttempt: NOW });
    expect(isDue(out[1], NOW)).toBe(true);
    expect(isDue(out[0], NOW)).toBe(false);
  });

  it('drops a kept list when the policy pins another version', () => {
    const [out] = reconcileSubscriptions([stored()], [{ url: A, sha256: 'bb'.repeat(32) }], ctx);
    expect(out.lastGood).toBeUndefined();
    expect(out.error).toMatchObject({ kind: 'hash', at: NOW });
    expect(out.nextAttempt).toBe(NOW);
  });

  it('drops an unsigned kept list once signatures become required', () => {
    const unsigned = stored();
    delete unsigned.lastGood!.signedBy;
    expect(reconcileSubscriptions([unsigned], [{ url: A }], ctx)[0].lastGood).toBeDefined();
    const [out] = reconcileSubscriptions([unsigned], [{ url: A }], { ...ctx, requireSignature: true });
    expect(out.lastGood).toBeUndefined();
    expect(out.error?.kind).toBe('signature');
  });

  it('drops a kept list whose signing key was withdrawn', () => {
    const [out] = reconcileSubscriptions([stored()], [{ url: A }], { ...ctx, trustedKeys: [{ id: 'k2', publicKey: KEY.publicKey }] });
    expect(out.lastGood).toBeUndefined();
    expect(out.error?.message).toMatch(/"k1" is no longer trusted/);
  });

  it('takes source settings from the new entry, not the stored one', () => {
    const [out] = reconcileSubscriptions([stored({ name: 'Old', sigUrl: 'https://old.example/a.sig' })], [{ url: A }], ctx);
    expect(out.name).toBeUndefined();
    expect(out.sigUrl).toBeUndefined();
  });
});

describe('signatureUrl', () => {
  it('appends .sig to the path and keeps the query', () => {
    expect(signatureUrl({ url: 'https://l.example/list.txt' })).toBe('https://l.example/list.txt.sig');
    expect(signatureUrl({ url: 'https://l.example/list.txt?v=2' })).toBe('https://l.example/list.txt.sig?v=2');
    expect(signatureUrl({ url: 'https://l.example/list.txt', sigUrl: 'https://s.example/x' })).toBe('https://s.example/x');
  });
});
