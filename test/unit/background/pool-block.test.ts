import { describe, expect, it } from 'vitest';
import { dnrPriority } from '../../../src/engine/policy/trust';
import { blockedPoolHosts, createPoolBlocker, type SessionRuleApi } from '../../../src/background/pool-block';

function fakeSessionRules() {
  let rules: any[] = [];
  const api: SessionRuleApi = {
    async getSessionRules() { return structuredClone(rules); },
    async updateSessionRules({ removeRuleIds = [], addRules = [] }) {
      rules = rules.filter((r) => !removeRuleIds.includes(r.id));
      for (const r of addRules as any[]) {
        if (rules.some((k) => k.id === r.id)) throw new Error(`duplicate id ${r.id}`);
        rules.push(structuredClone(r));
      }
    },
  };
  return { api, rules: () => rules };
}

const pool = (url: string, action: 'blocked' | 'reported' = 'blocked') => ({ kind: 'websocket' as const, action, url });

describe('pool blocking for a tab', () => {
  it('takes hosts only from blocked WebSocket findings', () => {
    expect(blockedPoolHosts([
      pool('wss://pool.example:3333/x'),
      pool('ws://reported.example/', 'reported'),
      { kind: 'wasm', action: 'blocked', url: 'https://cdn.example/m.wasm' },
      pool('not a url'),
    ])).toEqual(['pool.example']);
  });

  it('adds one websocket-only session rule per host and tab, once', async () => {
    const fake = fakeSessionRules();
    const blocker = createPoolBlocker(fake.api);
    await Promise.all([
      blocker.sync(7, [pool('wss://pool.example/a')]),
      blocker.sync(7, [pool('wss://pool.example/b'), pool('ws://other.example/')]),
    ]);
    await blocker.sync(7, [pool('wss://pool.example/a')]);
    const rules = fake.rules();
    expect(rules.map((r) => r.condition.requestDomains[0]).sort()).toEqual(['other.example', 'pool.example']);
    for (const r of rules) {
      expect(r.condition.tabIds).toEqual([7]);
      expect(r.condition.resourceTypes).toEqual(['websocket']);
      expect(r.action.type).toBe('block');
    }
  });

  it('keeps tabs apart and forgets a closed tab', async () => {
    const fake = fakeSessionRules();
    const blocker = createPoolBlocker(fake.api);
    await blocker.sync(1, [pool('wss://pool.example/')]);
    await blocker.sync(2, [pool('wss://pool.example/')]);
    expect(fake.rules()).toHaveLength(2);
    await blocker.forgetTab(1);
    expect(fake.rules().map((r) => r.condition.tabIds[0])).toEqual([2]);
  });

  it('outranks every list allow rule but not the site allowlist', async () => {
    const fake = fakeSessionRules();
    await createPoolBlocker(fake.api).sync(3, [pool('wss://pool.example/')]);
    const [rule] = fake.rules() as unknown as { priority: number }[];
    expect(rule!.priority).toBeGreaterThan(dnrPriority('allow', 'admin-verified'));
    expect(rule!.priority).toBeLessThan(1_000_000);
  });
});
