import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePageRules, loadRuleList } from '../../src/engine/rules/index';
import { createPageMatcher } from '../../src/engine/rules/page-matcher';
import { hostOfUrl } from '../../src/engine/rules/url-host';
import type { RuleList } from '../../src/engine/types';
import { syntheticRules, urlMix, type UrlMix } from '../data/synthetic-rules';
import { interleave, timeRepeated } from '../lib/interleave';

// Ours: the page matcher (host-suffix map + literal-token regex index). Baseline: what a
// straightforward implementation does, scanning every host suffix and trying every regex.
// The baseline only gets a subset of URLs (it is thousands of times slower) and both
// figures are per URL.

const REAL_LIST = '../shared/rules/coinblockerlists-2018/list.txt';

export interface MatcherRow {
  name: string;
  domains: number;
  regexes: number;
  urls: number;
  mix: Omit<UrlMix, 'urls'>;
  oursNsPerUrl: number;
  oursP95NsPerUrl: number;
  naiveNsPerUrl: number;
  naiveUrls: number;
  /** Naive time ÷ ours (how many times faster the matcher is). */
  speedup: number;
  /** URLs of the naive subset where both agree on hit / no hit. */
  agreement: string;
  compilePageRulesMs: number;
  createMatcherMs: number;
  pageRulesJsonBytes: number;
  loadAndValidateMs?: number;
}

export interface MatcherResult { rows: MatcherRow[]; notes: string[] }

function naiveMatcher(list: RuleList): (url: string) => boolean {
  const hosts: string[] = [];
  const regexes: RegExp[] = [];
  for (const r of list.rules) {
    if (r.type === 'domain') hosts.push(r.pattern);
    else if (r.type === 'url' || r.type === 'script-url') regexes.push(new RegExp(r.pattern));
  }
  const dotted = hosts.map((h) => `.${h}`);
  return (url) => {
    const host = hostOfUrl(url);
    for (let i = 0; i < hosts.length; i++) if (host === hosts[i] || host.endsWith(dotted[i])) return true;
    for (const re of regexes) if (re.test(url)) return true;
    return false;
  };
}

function benchList(name: string, list: RuleList, mix: UrlMix, quick: boolean, loadText?: string): MatcherRow {
  const compiled = timeRepeated(quick ? 3 : 5, () => compilePageRules(list));
  const json = JSON.stringify(compiled.result);
  const built = timeRepeated(quick ? 3 : 5, () => createPageMatcher(JSON.parse(json)));
  const matcher = built.result;
  const naive = naiveMatcher(list);
  const subset = mix.urls.slice(0, quick ? 200 : 1000);
  let agree = 0;
  for (const u of subset) if ((matcher.matchUrl(u) !== null) === naive(u)) agree++;
  const [ours, base] = interleave([
    { name: 'ours', run: () => { for (const u of mix.urls) matcher.matchUrl(u); } },
    { name: 'naive', run: () => { for (const u of subset) naive(u); } },
  ], { rounds: quick ? 3 : 7, warmup: 1, minSampleMs: 1 });
  const oursNs = (ours.medianMs * 1e6) / mix.urls.length;
  const naiveNs = (base.medianMs * 1e6) / subset.length;
  const row: MatcherRow = {
    name, domains: list.rules.filter((r) => r.type === 'domain').length, regexes: list.rules.filter((r) => r.type === 'url').length,
    urls: mix.urls.length, mix: { domainHits: mix.domainHits, regexHits: mix.regexHits, misses: mix.misses }, oursNsPerUrl: oursNs, oursP95NsPerUrl: (ours.p95Ms * 1e6) / mix.urls.length,
    naiveNsPerUrl: naiveNs, naiveUrls: subset.length, speedup: naiveNs / oursNs, agreement: `${agree}/${subset.length}`,
    compilePageRulesMs: compiled.medianMs, createMatcherMs: built.medianMs, pageRulesJsonBytes: Buffer.byteLength(json),
  };
  if (loadText !== undefined) row.loadAndValidateMs = timeRepeated(1, () => loadRuleList(loadText, { name })).medianMs;
  return row;
}

export function benchMatcher(quick: boolean, log: (s: string) => void): MatcherResult {
  const notes: string[] = [];
  const rows: MatcherRow[] = [];
  const syn = syntheticRules(100_000, 1_000);
  const mix = urlMix(quick ? 10_000 : 50_000, syn.hosts, syn.regexes.map((r) => r.hitUrl));
  rows.push(benchList('synthetic 100k domains + 1k regexes', syn.list, mix, quick, JSON.stringify(syn.list)));
  log(`  synthetic: ${rows[0].oursNsPerUrl.toFixed(0)} ns/URL vs naive ${rows[0].naiveNsPerUrl.toFixed(0)} ns/URL`);

  const realPath = join(new URL('../../', import.meta.url).pathname, REAL_LIST);
  if (!existsSync(realPath)) {
    notes.push(`CoinBlockerLists 2018 not found at ${REAL_LIST}; real-list figures skipped.`);
    log(`  ${notes[notes.length - 1]}`);
  } else {
    // Read in place only: that list is AGPL and must not be copied into this repository.
    const text = readFileSync(realPath, 'utf8');
    const t = performance.now();
    const loaded = loadRuleList(text, { name: 'CoinBlockerLists 2018' });
    const loadMs = performance.now() - t;
    if (!loaded.list) {
      notes.push(`CoinBlockerLists 2018 did not load: ${loaded.errors.map((e) => e.reason).join('; ')}`);
    } else {
      const hosts = loaded.list.rules.flatMap((r) => (r.type === 'domain' ? [r.pattern] : []));
      const realMix = urlMix(quick ? 10_000 : 50_000, hosts, [], 11);
      const row = benchList('CoinBlockerLists 2018 (list.txt)', loaded.list, realMix, quick);
      row.loadAndValidateMs = loadMs;
      rows.push(row);
      log(`  real list: ${row.oursNsPerUrl.toFixed(0)} ns/URL vs naive ${row.naiveNsPerUrl.toFixed(0)} ns/URL`);
    }
  }
  return { rows, notes };
}
