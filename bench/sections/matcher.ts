import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePageRules, loadRuleList } from '../../src/engine/rules/index';
import { createPageMatcher } from '../../src/engine/rules/page-matcher';
import { RegexMachine } from '../../src/engine/rules/regex-machine';
import { compileRegexProgram } from '../../src/engine/rules/regex-program';
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

/**
 * The regex engines alone, side by side on the same regexes and URLs with no index or
 * prefilter: every regex against every URL. Rule regexes run only on the linear
 * machine; V8's RegExp is the baseline it replaced.
 */
export interface RegexEngineRow {
  name: string;
  regexes: number;
  urls: number;
  nativeNsPerTest: number;
  machineNsPerTest: number;
  /** (regex, URL) pairs where both engines agree. */
  agreement: string;
  /** Program instructions, summed over the regexes (what the page receives). */
  programInstructions: number;
}

/** Issue 9's ReDoS regex on a 1 MiB text: the machine's step count; RegExp is not run (it takes minutes). */
export interface RegexAttackRow { pattern: string; textChars: number; programSize: number; machineSteps: number; machineMs: number }

export interface MatcherResult { rows: MatcherRow[]; notes: string[]; engines?: RegexEngineRow[]; attack?: RegexAttackRow }

function benchEngines(name: string, patterns: string[], urls: string[], quick: boolean): RegexEngineRow {
  const natives = patterns.map((p) => new RegExp(p, 'i'));
  const programs = patterns.map((p) => compileRegexProgram(p, true));
  const machines = programs.map((p) => new RegexMachine(p));
  let agree = 0;
  for (const u of urls) for (let i = 0; i < patterns.length; i++) if (natives[i].test(u) === machines[i].test(u)) agree++;
  const [native, machine] = interleave([
    { name: 'native', run: () => { for (const u of urls) for (const re of natives) re.test(u); } },
    { name: 'machine', run: () => { for (const u of urls) for (const m of machines) m.test(u); } },
  ], { rounds: quick ? 3 : 7, warmup: 1, minSampleMs: 1 });
  const tests = urls.length * patterns.length;
  return {
    name, regexes: patterns.length, urls: urls.length,
    nativeNsPerTest: (native.medianMs * 1e6) / tests, machineNsPerTest: (machine.medianMs * 1e6) / tests,
    agreement: `${agree}/${tests}`, programInstructions: programs.reduce((n, p) => n + p.code.length, 0),
  };
}

function benchAttack(): RegexAttackRow {
  const pattern = 'k[^;]{0,32}[^;]{0,32}[^;]{0,32}[^;]{0,32}X';
  const text = `${'k'.repeat(1 << 20)};X`;
  const program = compileRegexProgram(pattern, false);
  const m = new RegexMachine(program);
  const t = performance.now();
  m.test(text);
  return { pattern, textChars: text.length, programSize: program.code.length, machineSteps: m.steps, machineMs: performance.now() - t };
}

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
  const engineUrls = mix.urls.slice(0, quick ? 100 : 300);
  const engines = [benchEngines('synthetic 1k URL regexes', syn.regexes.map((r) => r.pattern), engineUrls, quick)];
  const e = engines[0];
  log(`  regex engines: RegExp ${e.nativeNsPerTest.toFixed(0)} ns/test, linear machine ${e.machineNsPerTest.toFixed(0)} ns/test (${e.agreement} agree)`);
  const attack = benchAttack();
  log(`  ReDoS regex on ${attack.textChars} chars: ${attack.machineSteps} machine steps, ${attack.machineMs.toFixed(0)} ms (RegExp not run: minutes)`);

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
  return { rows, notes, engines, attack };
}
