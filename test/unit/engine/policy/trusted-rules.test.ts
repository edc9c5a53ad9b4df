import { describe, expect, it } from 'vitest';
import { pageRuleList, trustedRequestMatcher, withoutSiteAllows } from '../../../../src/engine/policy/trusted-rules';
import { siteAllowFloor } from '../../../../src/engine/policy/site-allow-floor';
import { TRUST } from '../../../../src/engine/policy/trust';
import type { Rule, RuleList } from '../../../../src/engine/types';

const listOf = (name: string, rules: Rule[]): RuleList => ({ format: 'miner-sentry-rules', version: 1, name, rules });
const block = (id: string, pattern: string): Rule => ({ id, type: 'domain', pattern, action: 'block', severity: 'high' });
const script = (id: string, pattern: string): Rule => ({ id, type: 'script-url', pattern, action: 'block', severity: 'high' });
const allow = (id: string, pattern: string, scope: 'request' | 'site' = 'request'): Rule =>
  ({ id, type: 'allow', pattern, scope, action: 'report', severity: 'low' });

describe('pageRuleList', () => {
  it('keeps an allow only when it outranks every rule the hook holds', () => {
    const admin = { list: listOf('org', [script('org', '/x\\.js')]), trust: TRUST.admin };
    const user = { list: listOf('mine', [allow('u', 'cdn.example'), allow('s', 'site.example', 'site')]), trust: TRUST.user };
    const signed = { list: listOf('signed', [allow('a', 'ok.example', 'site')]), trust: TRUST.admin };
    const out = pageRuleList([admin, user, signed]);
    expect(out.rules.map((r) => r.id)).toEqual(['org', 'a']);
  });

  it('leaves domain rules to DNR and keeps ids unique across lists', () => {
    const out = pageRuleList([
      { list: listOf('a', [block('same', 'a.example'), script('same', '/a\\.js')]), trust: TRUST.bundled },
      { list: listOf('b', [script('same', '/b\\.js')]), trust: TRUST.user },
    ]);
    expect(out.rules.map((r) => r.id)).toEqual(['a/same', 'b/same']);
  });
});

describe('trustedRequestMatcher', () => {
  it('names the admin rule for a request a user allow cannot lift', () => {
    const m = trustedRequestMatcher([
      { list: listOf('org', [block('org-pool', 'pool.example')]), trust: TRUST.admin },
      { list: listOf('mine', [block('mine', 'user.example'), allow('u1', 'pool.example'), allow('u2', 'user.example')]), trust: TRUST.user },
    ]);
    expect(m.matchUrl('https://pool.example/ws')?.ruleId).toBe('org-pool');
    expect(m.isRequestAllowed('https://pool.example/ws')).toBe(false);
    // The user's allow does lift the user's own block.
    expect(m.matchUrl('https://user.example/')).toBeNull();
  });
});

describe('site allows under a lock', () => {
  const locked = { mode: { locked: true }, allowlist: { locked: false } } as Parameters<typeof siteAllowFloor>[0];
  const open = { mode: { locked: false }, allowlist: { locked: false } } as Parameters<typeof siteAllowFloor>[0];
  const forbidden = { mode: { locked: false }, allowlist: { locked: true } } as Parameters<typeof siteAllowFloor>[0];
  const mine = listOf('mine', [allow('s', 'site.example', 'site'), allow('r', 'cdn.example')]);

  it('drops $document allows of user, subscribed and unverified policy lists where the admin locks', () => {
    for (const settings of [locked, forbidden]) {
      for (const trust of [TRUST.user, TRUST.subscription, TRUST.adminUnverified]) {
        expect(withoutSiteAllows(mine, trust, siteAllowFloor(settings)).rules.map((r) => r.id)).toEqual(['r']);
      }
      expect(withoutSiteAllows(mine, TRUST.admin, siteAllowFloor(settings))).toBe(mine);
    }
    expect(withoutSiteAllows(mine, TRUST.user, siteAllowFloor(open))).toBe(mine);
  });
});
