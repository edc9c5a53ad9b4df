import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileDnr } from '../../../../src/engine/rules/compile-dnr';
import { DNR_GUARANTEED_STATIC_RULES, DNR_MAX_REGEX_RULES } from '../../../../src/engine/rules/limits';
import { loadRuleList } from '../../../../src/engine/rules/load';
import { createPageMatcher } from '../../../../src/engine/rules/page-matcher';
import { compilePageRules } from '../../../../src/engine/rules/page-rules';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const nocoinDir = resolve(repoRoot, 'rules/nocoin');
// AGPL data: read from the sibling checkout only, never copied into this repo.
const coinBlockerDir = resolve(repoRoot, '../shared/rules/coinblockerlists-2018');
const haveCoinBlocker = existsSync(coinBlockerDir);
if (!haveCoinBlocker) console.warn(`CoinBlockerLists tests skipped: ${coinBlockerDir} not found`);

const read = (dir: string, file: string) => readFileSync(resolve(dir, file), 'utf8');
const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim());

describe('NoCoin (rules/nocoin)', () => {
  const text = read(nocoinDir, 'nocoin.txt');
  const res = loadRuleList(text, { name: 'nocoin' });
  const all = lines(text);
  const filterLines = all.filter((l) => l !== '' && !l.startsWith('!') && !l.startsWith('['));

  it('imports as ABP without errors', () => {
    expect(res.format).toBe('abp');
    expect(res.errors).toEqual([]);
    expect(res.list).not.toBeNull();
  });

  it('accounts for every filter line: a rule or a reported skip', () => {
    const skippedFilters = res.skipped.filter((s) => !all[s.line! - 1].startsWith('!'));
    expect(res.list!.rules.length + skippedFilters.length).toBe(filterLines.length);
  });

  it('imports every plain ||host^ filter as a domain rule', () => {
    const hostFilters = all.filter((l) => /^\|\|[a-z0-9.-]+\^?(\$[a-z~=.,|-]*)?$/i.test(l));
    const domainRules = res.list!.rules.filter((r) => r.type === 'domain');
    expect(domainRules.length).toBe(new Set(hostFilters).size);
    expect(domainRules.length).toBeGreaterThan(100);
  });

  it('skips exactly the documented kinds of lines', () => {
    const expectedSkips = all
      .map((l, i) => ({ l, line: i + 1 }))
      .filter(({ l }) => /^\$|\$csp=|\(\?[!=<]|^@@\|\|[^$^]+\/|^!#include/.test(l));
    expect(res.skipped.map((s) => s.line).sort((a, b) => a! - b!)).toEqual(expectedSkips.map((s) => s.line));
    for (const s of res.skipped) {
      expect(s.reason).toMatch(/RE2 cannot run|without a pattern|unsupported option "\$csp|exception with a path|preprocessor directive/);
    }
  });

  it('compiles to DNR within limits and matches a known miner host in the page', () => {
    const { rules, stats, skipped } = compileDnr(res.list!);
    expect(skipped).toEqual([]);
    expect(stats.regexRules).toBe(res.list!.rules.filter((r) => r.type === 'url').length);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    const matcher = createPageMatcher(compilePageRules(res.list!));
    expect(matcher.matchUrl('wss://ws1.authedmine.com/proxy')?.ruleId).toMatch(/^nocoin:\d+$/);
    expect(matcher.matchUrl('https://cdn.example.org/js/coinhive.min.js')?.type).toBe('url');
    expect(matcher.matchUrl('https://www.wikipedia.org/static/app.js')).toBeNull();
  });

  it('imports the uBlock companion list as nothing but reported scriptlet skips', () => {
    const ublock = read(nocoinDir, 'nocoin-ublock.txt');
    const r = loadRuleList(ublock);
    expect(r.list!.rules).toEqual([]);
    const scriptletLines = lines(ublock).filter((l) => l.includes('##+js('));
    expect(r.skipped).toHaveLength(scriptletLines.length);
    expect(r.skipped.every((s) => /scriptlet/.test(s.reason))).toBe(true);
  });

  it('imports the hosts variant: one rule per 0.0.0.0 line', () => {
    const hosts = read(nocoinDir, 'hosts.txt');
    const r = loadRuleList(hosts);
    expect(r.format).toBe('hosts');
    const entries = new Set(lines(hosts).filter((l) => l.startsWith('0.0.0.0 ')).map((l) => l.split(/\s+/)[1].toLowerCase()));
    expect(r.list!.rules.length).toBe(entries.size);
  });
});

describe.skipIf(!haveCoinBlocker)('CoinBlockerLists 2018 (../shared, AGPL, read-only)', () => {
  const bare = (file: string) => {
    const text = read(coinBlockerDir, file);
    const entries = lines(text).filter((l) => l !== '' && !l.startsWith('#'));
    return { text, entries };
  };

  it.each(['list.txt', 'list_browser.txt', 'MiningServerIPList.txt'])('imports %s with every entry a rule or a reported skip', (file) => {
    const { text, entries } = bare(file);
    const r = loadRuleList(text, { name: file });
    expect(r.format).toBe('hosts');
    expect(r.errors).toEqual([]);
    expect(r.list!.rules.length + r.skipped.length).toBe(entries.length);
    // Port-specific and malformed entries are the only expected skips.
    const portEntries = entries.filter((e) => /:\d+$/.test(e));
    expect(r.skipped.filter((s) => /names a port/.test(s.reason))).toHaveLength(portEntries.length);
    expect(r.skipped.length).toBeLessThan(entries.length / 100);
  });

  it('imports hosts_browser: one rule per 0.0.0.0 line', () => {
    const text = read(coinBlockerDir, 'hosts_browser');
    const r = loadRuleList(text);
    const entries = lines(text).filter((l) => l.startsWith('0.0.0.0 '));
    expect(r.list!.rules.length + r.skipped.length).toBe(entries.length);
  });

  it('compiles the big list to a few DNR rules within Chrome limits', () => {
    const r = loadRuleList(read(coinBlockerDir, 'list.txt'));
    const ips = loadRuleList(read(coinBlockerDir, 'MiningServerIPList.txt'));
    const { rules, stats } = compileDnr({ ...r.list!, rules: [...r.list!.rules, ...ips.list!.rules] });
    expect(stats.total).toBeLessThan(20);
    expect(stats.total).toBeLessThanOrEqual(DNR_GUARANTEED_STATIC_RULES);
    expect(stats.regexRules).toBeLessThanOrEqual(DNR_MAX_REGEX_RULES);
    const listed = new Set(rules.flatMap((x) => x.condition.requestDomains ?? []));
    expect(listed.has('1.31.173.33')).toBe(lines(read(coinBlockerDir, 'MiningServerIPList.txt')).includes('1.31.173.33'));
  });
});
