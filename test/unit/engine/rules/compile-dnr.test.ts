import { describe, expect, it } from 'vitest';
import { compileDnr, minimalHosts } from '../../../../src/engine/rules/compile-dnr';
import type { Rule, RuleList } from '../../../../src/engine/types';
import type { DnrRule } from '../../../../src/engine/rules/dnr-types';
import { TRUST, dnrPriority, type SourceTrust } from '../../../../src/engine/policy/trust';

const listOf = (rules: Rule[]): RuleList => ({ format: 'miner-sentry-rules', version: 1, name: 't', rules });
const domain = (id: string, pattern: string, extra: Partial<Rule> = {}): Rule =>
  ({ id, type: 'domain', pattern, action: 'block', severity: 'high', ...extra }) as Rule;

describe('compileDnr', () => {
  it('batches 100k domains into few rules with unique positive ids', () => {
    const rules = Array.from({ length: 100_000 }, (_, i) => domain(`d${i}`, `miner${i}.example`));
    const { rules: dnr, stats, skipped } = compileDnr(listOf(rules));
    expect(skipped).toEqual([]);
    expect(dnr).toHaveLength(Math.ceil(100_000 / 1000));
    expect(stats).toEqual({ domainRules: dnr.length, regexRules: 0, allowRules: 0, total: dnr.length });
    const ids = dnr.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
    expect(dnr.flatMap((r) => r.condition.requestDomains!).length).toBe(100_000);
  });

  it('leaves resourceTypes out so every sub-resource type, websocket included, is blocked', () => {
    const { rules } = compileDnr(listOf([domain('a', 'pool.example')]));
    expect(rules).toEqual([{ id: 1, priority: dnrPriority('block', 'bundled'), action: { type: 'block' }, condition: { requestDomains: ['pool.example'] } }]);
  });

  it('groups by identical options and maps them to DNR conditions', () => {
    const { rules } = compileDnr(
      listOf([
        domain('a', 'a.example', { thirdParty: true } as Partial<Rule>),
        domain('b', 'b.example', { thirdParty: true } as Partial<Rule>),
        domain('c', 'c.example', { resourceTypes: ['websocket'], initiatorDomains: ['site.example'], excludedInitiatorDomains: ['x.site.example'] } as Partial<Rule>),
        domain('r', 'report.example', { action: 'report' }),
      ]),
    );
    const conditions = rules.map((r) => r.condition);
    expect(conditions).toContainEqual({ requestDomains: ['a.example', 'b.example'], domainType: 'thirdParty' });
    expect(conditions).toContainEqual({
      requestDomains: ['c.example'],
      resourceTypes: ['websocket'],
      initiatorDomains: ['site.example'],
      excludedInitiatorDomains: ['x.site.example'],
    });
    // report-only rules are for the page hook; they must not block at the network level.
    expect(rules.some((r) => r.condition.requestDomains?.includes('report.example'))).toBe(false);
    expect(rules).toHaveLength(2);
  });

  it('compiles allow rules to higher-priority allow / allowAllRequests', () => {
    const { rules, stats } = compileDnr(
      listOf([
        domain('a', 'a.example'),
        { id: 'x', type: 'allow', pattern: 'ok.example', scope: 'request', action: 'report', severity: 'low' },
        { id: 'y', type: 'allow', pattern: 'site.example', scope: 'site', action: 'report', severity: 'low' },
      ]),
    );
    expect(stats.allowRules).toBe(2);
    const block = rules.find((r) => r.action.type === 'block')!;
    const allow = rules.find((r) => r.action.type === 'allow')!;
    const allowAll = rules.find((r) => r.action.type === 'allowAllRequests')!;
    expect(allow.condition).toEqual({ requestDomains: ['ok.example'] });
    expect(allowAll.condition).toEqual({ requestDomains: ['site.example'], resourceTypes: ['main_frame', 'sub_frame'] });
    expect(allow.priority).toBeGreaterThan(block.priority);
    expect(allowAll.priority).toBeGreaterThan(block.priority);
  });

  it('turns url rules into regexFilter rules and reports regex quota overflow', () => {
    const urls: Rule[] = Array.from({ length: 5 }, (_, i) => ({ id: `u${i}`, type: 'url', pattern: `/m${i}\\.js`, action: 'block', severity: 'high' }));
    const { rules, skipped, stats } = compileDnr(listOf(urls), { maxRegexRules: 3, firstId: 100 });
    expect(rules.map((r) => r.condition.regexFilter)).toEqual(['/m0\\.js', '/m1\\.js', '/m2\\.js']);
    expect(rules.map((r) => r.id)).toEqual([100, 101, 102]);
    expect(stats.regexRules).toBe(3);
    expect(skipped.map((s) => s.ruleId)).toEqual(['u3', 'u4']);
    expect(skipped[0].reason).toMatch(/regex rule quota \(3\)/);
  });

  it('drops blocks before exceptions when over maxRules, and says so', () => {
    const rules: Rule[] = [
      { id: 'x', type: 'allow', pattern: 'ok.example', scope: 'request', action: 'report', severity: 'low' },
      ...Array.from({ length: 5 }, (_, i) => domain(`d${i}`, `m${i}.example`)),
    ];
    const res = compileDnr(listOf(rules), { domainsPerRule: 1, maxRules: 3 });
    expect(res.rules).toHaveLength(3);
    expect(res.rules[0].action.type).toBe('allow');
    expect(res.stats).toEqual({ domainRules: 2, regexRules: 0, allowRules: 1, total: 3 });
    expect(res.skipped[0].reason).toMatch(/3 compiled rules over the limit of 3/);
  });

  it('is deterministic regardless of input order', () => {
    const rules = ['c.example', 'a.example', 'b.example'].map((h, i) => domain(`d${i}`, h));
    const a = compileDnr(listOf(rules), { domainsPerRule: 2 });
    const b = compileDnr(listOf([...rules].reverse()), { domainsPerRule: 2 });
    expect(a.rules).toEqual(b.rules);
  });

  it('drops hosts already covered by a listed parent domain', () => {
    expect(minimalHosts(['b.a.example', 'a.example', 'x.example', 'a.example'])).toEqual(['a.example', 'x.example']);
  });
});

// Issue 9, attack 3: a lower-trust allow must never switch off a higher-trust block.
describe('compileDnr: trust levels', () => {
  const allowRequest: Rule = { id: 'ar', type: 'allow', pattern: 'pool.example', scope: 'request', action: 'report', severity: 'low' };
  const allowSite: Rule = { id: 'as', type: 'allow', pattern: 'pool.example', scope: 'site', action: 'report', severity: 'low' };
  const precedence = { allow: 0, allowAllRequests: 1, block: 2 } as const;

  /** What DNR does with a request to `host`: the highest priority wins, allow before block on a tie. */
  function verdict(sources: { rules: Rule[]; trust: SourceTrust }[], host: string): DnrRule['action']['type'] | 'none' {
    const all = sources.flatMap((s) => compileDnr(listOf(s.rules), { trust: s.trust }).rules);
    const hits = all.filter((r) => r.condition.requestDomains?.some((d) => host === d || host.endsWith(`.${d}`)));
    hits.sort((a, b) => b.priority - a.priority || precedence[a.action.type] - precedence[b.action.type]);
    return hits[0]?.action.type ?? 'none';
  }

  it('a user or subscription allow does not lift an admin or bundled block', () => {
    for (const blocker of [TRUST.admin, TRUST.adminUnverified, TRUST.bundled]) {
      for (const allower of [TRUST.user, TRUST.subscription]) {
        const sources = [{ rules: [domain('b', 'pool.example')], trust: blocker }, { rules: [allowRequest, allowSite], trust: allower }];
        expect(verdict(sources, 'pool.example'), `${allower.allow} allow vs ${blocker.block} block`).toBe('block');
      }
    }
  });

  it('an unverified policy list cannot lift the admin\'s blocks; signed admin rules and equal ranks can', () => {
    const adminBlock = { rules: [domain('b', 'pool.example')], trust: TRUST.admin };
    expect(verdict([adminBlock, { rules: [allowRequest], trust: TRUST.adminUnverified }], 'pool.example')).toBe('block');
    expect(verdict([adminBlock, { rules: [allowRequest], trust: TRUST.admin }], 'pool.example')).toBe('allow');
    expect(verdict([{ rules: [domain('b', 'pool.example')], trust: TRUST.user }, { rules: [allowRequest], trust: TRUST.user }], 'pool.example')).toBe('allow');
    expect(verdict([{ rules: [domain('b', 'pool.example')], trust: TRUST.bundled }, { rules: [allowRequest], trust: TRUST.adminUnverified }], 'pool.example')).toBe('allow');
  });
});

