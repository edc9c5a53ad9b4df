import { describe, expect, it } from 'vitest';
import { importAbp } from '../../../../src/engine/rules/import-abp';
import { loadRuleList } from '../../../../src/engine/rules/load';

function one(line: string) {
  const { list, skipped } = importAbp(`[Adblock Plus 2.0]\n${line}`, { name: 't' });
  return { rule: list.rules[0], rules: list.rules, skipped };
}

describe('importAbp', () => {
  it('turns ||host^ into a domain rule with the source line in the id', () => {
    const { rule } = one('||coinhive.com^');
    expect(rule).toEqual({ id: 't:2', type: 'domain', pattern: 'coinhive.com', action: 'block', severity: 'high', description: '||coinhive.com^' });
  });

  it('maps $third-party, resource types and $domain', () => {
    expect(one('||a.example^$third-party').rule).toMatchObject({ type: 'domain', thirdParty: true });
    expect(one('||a.example^$websocket').rule).toMatchObject({ resourceTypes: ['websocket'] });
    expect(one('||a.example^$script,subdocument').rule).toMatchObject({ resourceTypes: ['script', 'sub_frame'] });
    expect(one('||a.example^$~third-party').rule).toMatchObject({ thirdParty: false });
    expect(one('||a.example^$domain=b.example|c.example|~d.example').rule).toMatchObject({
      initiatorDomains: ['b.example', 'c.example'],
      excludedInitiatorDomains: ['d.example'],
    });
  });

  it('expands negated resource types to every other sub-resource type', () => {
    const types = one('||a.example^$~script').rule;
    expect(types.type === 'domain' && types.resourceTypes).not.toContain('script');
    expect(types.type === 'domain' && types.resourceTypes).not.toContain('main_frame');
    expect(types.type === 'domain' && types.resourceTypes).toContain('websocket');
  });

  it('converts path filters into RE2-safe url regexes with ABP semantics', () => {
    const { rule } = one('/coinhive.min.js');
    expect(rule).toMatchObject({ type: 'url', pattern: '/coinhive\\.min\\.js' });
    const anchored = one('||dekoder.ws^*?proxy=').rule;
    expect(anchored.type).toBe('url');
    const re = new RegExp(anchored.pattern, 'i');
    expect(re.test('https://cdn.dekoder.ws/x?proxy=wss://pool')).toBe(true);
    expect(re.test('https://notdekoder.ws/x?proxy=1')).toBe(false);
    expect(re.test('https://dekoder.wsx/x?proxy=1')).toBe(false);
    const ends = new RegExp(one('|https://a.example/m.js|').rule.pattern, 'i');
    expect(ends.test('https://a.example/m.js')).toBe(true);
    expect(ends.test('https://a.example/m.jsx')).toBe(false);
  });

  it('keeps /regex/ filters when RE2 can run them and skips them otherwise', () => {
    expect(one('/^wss?:\\/\\/[a-z]+\\.pool\\.example\\//$websocket').rule).toMatchObject({
      type: 'url',
      pattern: '^wss?:\\/\\/[a-z]+\\.pool\\.example\\/',
      resourceTypes: ['websocket'],
    });
    const { rules, skipped } = one('/^https?:\\/\\/(?!good)[a-z]+\\.tk\\//');
    expect(rules).toEqual([]);
    expect(skipped).toEqual([expect.objectContaining({ line: 2, reason: expect.stringMatching(/RE2 cannot run/) })]);
  });

  it('turns @@ host exceptions into allow rules', () => {
    expect(one('@@||api.example.pro^$websocket').rule).toMatchObject({ type: 'allow', pattern: 'api.example.pro', scope: 'request' });
    expect(one('@@||shop.example^$document').rule).toMatchObject({ type: 'allow', pattern: 'shop.example', scope: 'site' });
  });

  it('reports every skipped line with its number and reason', () => {
    const text = [
      '[Adblock Plus 2.0]',
      '! Title: Demo',
      '',
      'example.com##.miner-banner',
      'example.com#@#.ad',
      'example.com##+js(aopr, miner)',
      '$websocket,domain=a.example|b.example',
      "$csp=worker-src 'none',domain=a.example",
      '@@||a.example/path$websocket',
      '||a.example^$popup',
      '!#include other.txt',
      '||dup.example^',
      '||dup.example^',
      '||x.example^$domain=site.*',
    ].join('\n');
    const { list, skipped } = importAbp(text);
    expect(list.name).toBe('Demo');
    expect(list.rules.map((r) => r.pattern)).toEqual(['dup.example']);
    expect(skipped.map((s) => [s.line, s.reason.split(/[:;(]/)[0]])).toEqual([
      [4, 'cosmetic filter '],
      [5, 'cosmetic filter '],
      [6, 'scriptlet injection '],
      [7, 'filter without a pattern would apply to every request on the listed sites'],
      [8, 'unsupported option "$csp=worker-src \'none\'"'],
      [9, 'exception with a path cannot be an allow rule '],
      [10, 'unsupported option "$popup"'],
      [11, 'preprocessor directive'],
      [13, 'duplicate of line 12'],
      [14, 'domain option "site.*" uses an entity wildcard, which declarativeNetRequest cannot express'],
    ]);
  });

  it('punycodes internationalised hosts', () => {
    expect(one('||bücher.example^').rule.pattern).toBe('xn--bcher-kva.example');
  });
});

describe('format detection', () => {
  it.each([
    ['{"format":"miner-sentry-rules"}', 'native'],
    ['[Adblock Plus 2.0]\n||a.example^', 'abp'],
    ['! comment\n||a.example^\n/miner.js', 'abp'],
    ['# hosts\n0.0.0.0 a.example\n0.0.0.0 b.example', 'hosts'],
    ['a.example\nb.example\n', 'hosts'],
    ['1.2.3.4\n5.6.7.8\n', 'hosts'],
  ])('detects %j as %s', (text, format) => {
    expect(loadRuleList(text).format).toBe(format);
  });
});

describe('over-broad path filters', () => {
  it('skips path filters too short to be specific, and keeps real ones', () => {
    const { list, skipped } = importAbp('/\njs\n||*^\n/c.wasm\n-coin-hive.js\n');
    expect(list.rules.map((r) => r.pattern)).toHaveLength(2);
    expect(skipped.map((s) => s.line)).toEqual([1, 2, 3]);
    for (const s of skipped) expect(s.reason).toMatch(/too short|without a pattern/);
  });
});
