// Which trust level each list gets (issue 9, attack 3): only what the admin can vouch for
// (inline rules, a policy list signed by a trusted key or pinned by hash) may lift the
// admin's blocks; a user's $document exception is dropped where the admin locks.
import { describe, expect, it } from 'vitest';
import { activeRuleSources } from '../../../src/background/rule-sources';
import { effectiveSettings } from '../../../src/engine/policy/effective-settings';
import { TRUST } from '../../../src/engine/policy/trust';
import type { Policy, UserSettings } from '../../../src/engine/policy/types';
import type { LastGood, SubscriptionState } from '../../../src/engine/subscriptions/types';
import type { Rule, RuleList } from '../../../src/engine/types';

const SIGNED = 'https://lists.example/signed.txt';
const PINNED = 'https://lists.example/pinned.txt';
const PLAIN = 'https://lists.example/plain.txt';
const MINE = 'https://lists.example/mine.txt';
const PIN = 'ab'.repeat(32);

const siteAllow: Rule = { id: 'site', type: 'allow', pattern: 'site.example', scope: 'site', action: 'report', severity: 'low' };
const requestAllow: Rule = { id: 'req', type: 'allow', pattern: 'cdn.example', scope: 'request', action: 'report', severity: 'low' };
const list = (name: string): RuleList => ({ format: 'miner-sentry-rules', version: 1, name, rules: [siteAllow, requestAllow] });

function state(url: string, good: Partial<LastGood> = {}): SubscriptionState {
  return {
    url, failures: 0, nextAttempt: 0,
    lastGood: { list: list(url), format: 'native', sha256: 'cd'.repeat(32), ruleCount: 2, skippedLines: 0, updatedAt: 0, ...good },
  };
}

const states = [state(SIGNED, { signedBy: 'secops', sequence: 3 }), state(PINNED, { sha256: PIN }), state(PLAIN), state(MINE)];
const user: UserSettings = { subscriptions: [{ url: MINE }], customRules: '@@||site.example^$document\n@@||cdn.example^\n' };
const inline: RuleList = { ...list('Org rules'), rules: [requestAllow] };

function sources(policy: Policy) {
  const settings = effectiveSettings({ ...policy, inlineRules: inline, subscriptions: [{ url: SIGNED }, { url: PINNED, sha256: PIN }, { url: PLAIN }] }, user);
  return Object.fromEntries(activeRuleSources(settings, states).map((s) => [s.key, s]));
}

describe('rule source trust', () => {
  it('gives admin trust only to inline rules and policy lists the admin can vouch for', () => {
    const s = sources({});
    expect(s.policy.trust).toEqual(TRUST.admin);
    expect(s[`sub:${SIGNED}`].trust).toEqual(TRUST.admin);
    expect(s[`sub:${PINNED}`].trust).toEqual(TRUST.admin);
    expect(s[`sub:${PLAIN}`].trust).toEqual(TRUST.adminUnverified);
    expect(s[`sub:${MINE}`].trust).toEqual(TRUST.subscription);
    expect(s.custom.trust).toEqual(TRUST.user);
  });

  it('keeps $document exceptions without a lock', () => {
    const s = sources({});
    const hasSiteAllow = (key: string) => s[key].list.rules.some((r) => r.type === 'allow' && r.scope === 'site');
    for (const key of [`sub:${PLAIN}`, `sub:${MINE}`, 'custom']) expect(hasSiteAllow(key), key).toBe(true);
  });

  for (const lock of [{ lockMode: true }, { allowUserAllowlist: false }]) {
    it(`drops $document exceptions the admin cannot vouch for under ${JSON.stringify(lock)}`, () => {
      const s = sources(lock);
      for (const key of [`sub:${PLAIN}`, `sub:${MINE}`]) expect(s[key].list.rules.map((r) => r.id), key).toEqual(['req']);
      expect(s.custom.list.rules.some((r) => r.type === 'allow' && r.scope === 'site')).toBe(false);
      expect(s[`sub:${SIGNED}`].list.rules.map((r) => r.id)).toEqual(['site', 'req']);
      expect(s[`sub:${PINNED}`].list.rules.map((r) => r.id)).toEqual(['site', 'req']);
    });
  }
});
