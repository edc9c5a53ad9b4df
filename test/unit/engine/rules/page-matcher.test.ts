import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPageMatcher } from '../../../../src/engine/rules/page-matcher';
import { compilePageRules } from '../../../../src/engine/rules/page-rules';
import type { Rule, RuleList } from '../../../../src/engine/types';

const listOf = (rules: Rule[]): RuleList => ({ format: 'miner-sentry-rules', version: 1, name: 't', rules });
// The matcher receives its data as a JSON string; build it the same way.
const matcherFor = (rules: Rule[]) => createPageMatcher(JSON.parse(JSON.stringify(compilePageRules(listOf(rules)))));

const rules: Rule[] = [
  { id: 'd1', type: 'domain', pattern: 'coinhive.com', action: 'block', severity: 'high' },
  { id: 'd2', type: 'domain', pattern: 'ws.pool.example', action: 'report', severity: 'medium', resourceTypes: ['websocket'] },
  { id: 'd3', type: 'domain', pattern: 'site-only.example', action: 'block', severity: 'high', initiatorDomains: ['victim.example'] },
  { id: 'u1', type: 'url', pattern: '/cryptonight\\.wasm\\b', action: 'block', severity: 'high', description: 'wasm' },
  { id: 's1', type: 'script-url', pattern: '/deepminer(\\.min)?\\.js', action: 'block', severity: 'high' },
  { id: 's2', type: 'script-url', pattern: 'miner\\.', action: 'report', severity: 'low' },
  { id: 'c1', type: 'content', pattern: 'CoinHive\\.Anonymous\\(', action: 'report', severity: 'high' },
  { id: 'w1', type: 'ws-message', pattern: '"method"\\s*:\\s*"login"', action: 'block', severity: 'critical' },
  { id: 'h1', type: 'hash', algorithm: 'sha256', pattern: 'ab'.repeat(32), action: 'block', severity: 'critical' },
  { id: 'a1', type: 'allow', pattern: 'ok.coinhive.com', scope: 'request', action: 'report', severity: 'low' },
  { id: 'a2', type: 'allow', pattern: 'trusted.example', scope: 'site', action: 'report', severity: 'low' },
];
const m = matcherFor(rules);

describe('createPageMatcher', () => {
  it('matches a host and its subdomains but not look-alikes', () => {
    expect(m.matchHost('coinhive.com')?.ruleId).toBe('d1');
    expect(m.matchHost('WS1.Coinhive.com.')?.ruleId).toBe('d1');
    expect(m.matchHost('notcoinhive.com')).toBeNull();
    expect(m.matchHost('coinhive.com.evil.example')).toBeNull();
    expect(m.matchUrl('wss://a.coinhive.com:8443/proxy')).toMatchObject({ ruleId: 'd1', type: 'domain', matched: 'coinhive.com', action: 'block' });
    expect(m.matchUrl('https://user@coinhive.com@evil.example/')).toBeNull();
  });

  it('lets allow rules win', () => {
    expect(m.matchUrl('wss://ok.coinhive.com/proxy')).toBeNull();
    expect(m.matchHost('x.ok.coinhive.com')).toBeNull();
    expect(m.isRequestAllowed('https://ok.coinhive.com/a.js')).toBe(true);
    expect(m.isRequestAllowed('https://coinhive.com/a.js')).toBe(false);
    expect(m.isSiteAllowed('shop.trusted.example')).toBe(true);
    expect(m.isSiteAllowed('untrusted.example')).toBe(false);
  });

  it('applies request conditions when the context is known', () => {
    expect(m.matchHost('ws.pool.example', { resourceType: 'websocket' })?.ruleId).toBe('d2');
    expect(m.matchHost('ws.pool.example', { resourceType: 'script' })).toBeNull();
    expect(m.matchHost('coinhive.com', { resourceType: 'main_frame' })).toBeNull();
    // Site-limited rules need a known initiator.
    expect(m.matchHost('site-only.example')).toBeNull();
    expect(m.matchHost('site-only.example', { initiatorHost: 'www.victim.example' })?.ruleId).toBe('d3');
    expect(m.matchHost('site-only.example', { initiatorHost: 'other.example' })).toBeNull();
  });

  it('matches url and script-url regexes, case-insensitively', () => {
    expect(m.matchUrl('https://cdn.example/x/CryptoNight.wasm?v=1')).toMatchObject({ ruleId: 'u1', description: 'wasm' });
    expect(m.matchScriptUrl('https://cdn.example/js/deepMiner.min.js')?.ruleId).toBe('s1');
    expect(m.matchUrl('https://cdn.example/js/deepMiner.js')?.ruleId).toBe('s1');
    expect(m.matchScriptUrl('https://cdn.example/x/cryptonight.wasm')).toBeNull();
    expect(m.matchScriptUrl('https://cdn.example/js/xminer.js')?.ruleId).toBe('s2');
    expect(m.matchUrl('https://cdn.example/js/app.js')).toBeNull();
  });

  it('matches content, WebSocket frames and hashes', () => {
    expect(m.matchContent('var m = new CoinHive.Anonymous("key");')?.ruleId).toBe('c1');
    expect(m.matchContent('var m = new coinhive.anonymous("key");')).toBeNull();
    expect(m.matchWsMessage('{"id":1,"method" : "login","params":{}}')?.ruleId).toBe('w1');
    expect(m.matchWsMessage('{"method":"ping"}')).toBeNull();
    expect(m.matchHashes({ sha256: 'AB'.repeat(32) })).toMatchObject({ ruleId: 'h1', matched: 'ab'.repeat(32) });
    expect(m.matchHashes({ sha256: 'cd'.repeat(32), md5: 'ab'.repeat(16) })).toBeNull();
  });

  it('reports which digests the hook must compute, and its size', () => {
    expect(m.hashAlgorithms()).toEqual(['sha256']);
    expect(matcherFor(rules.filter((r) => r.type !== 'hash')).hashAlgorithms()).toEqual([]);
    expect(m.size).toBe(rules.length);
  });

  it('finds a URL regex whether it is indexed by a whole, leading or trailing token', () => {
    const mm = matcherFor([
      { id: 'whole', type: 'url', pattern: '/lib/abcdefgh/[a-z]+\\.wasm', action: 'block', severity: 'high' },
      { id: 'start', type: 'url', pattern: '/qwertyuiop(\\.min)?\\.js', action: 'block', severity: 'high' },
      { id: 'end', type: 'url', pattern: 'zxcvbnm\\.(com|net)/api', action: 'block', severity: 'high' },
      { id: 'none', type: 'url', pattern: 'pool[0-9]+', action: 'block', severity: 'high' },
    ]);
    expect(mm.matchUrl('https://h.example/lib/abcdefgh/x.wasm')?.ruleId).toBe('whole');
    expect(mm.matchUrl('https://h.example/qwertyuiopXYZ.js')).toBeNull();
    expect(mm.matchUrl('https://h.example/qwertyuiop.min.js')?.ruleId).toBe('start');
    expect(mm.matchUrl('https://aazxcvbnm.com/api')?.ruleId).toBe('end');
    expect(mm.matchUrl('wss://pool42.example/')?.ruleId).toBe('none');
  });
});

describe('matchHost agrees with a naive reference', () => {
  const label = fc.constantFrom('a', 'b', 'ab', 'coin', 'hive', 'x1', 'pool');
  const host = fc.array(label, { minLength: 1, maxLength: 4 }).map((ls) => `${ls.join('.')}.example`);

  // The reference: a rule host matches itself and anything ending in "." + itself.
  const naive = (blocked: string[], allowed: string[], h: string) => {
    const covers = (d: string) => h === d || h.endsWith(`.${d}`);
    if (allowed.some(covers)) return null;
    return blocked.find(covers) ?? null;
  };

  it('on random hosts and lists', () => {
    fc.assert(
      fc.property(fc.uniqueArray(host, { maxLength: 12 }), fc.uniqueArray(host, { maxLength: 3 }), host, (blocked, allowed, h) => {
        const mm = matcherFor([
          ...blocked.map((p, i): Rule => ({ id: `b${i}`, type: 'domain', pattern: p, action: 'block', severity: 'high' })),
          ...allowed.map((p, i): Rule => ({ id: `a${i}`, type: 'allow', pattern: p, scope: 'request', action: 'report', severity: 'low' })),
        ]);
        const got = mm.matchHost(h);
        const want = naive(blocked, allowed, h);
        // Several rules may cover a host; the matcher reports the most specific one.
        if (want === null) expect(got).toBeNull();
        else expect(got !== null && (h === got.matched || h.endsWith(`.${got.matched}`)) && blocked.includes(got.matched)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
