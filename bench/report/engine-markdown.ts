import type { AccuracyResult } from '../sections/accuracy';
import type { EngineResults } from './engine-results';

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const kb = (b: number) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1024).toFixed(0)} KB`);
const ns = (v: number) => (v >= 1e6 ? `${(v / 1e6).toFixed(2)} ms` : v >= 1e3 ? `${(v / 1e3).toFixed(2)} µs` : `${v.toFixed(0)} ns`);
const mark = (ok: boolean) => (ok ? '✅' : '❌');

export function engineMarkdown(r: EngineResults, svgDir: string): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(`### Latest run — ${r.date}${r.quick ? ' (quick)' : ''}`);
  out.push('');
  out.push(`${m.cpu}, ${m.cores} cores, Node ${m.node} (V8 ${m.v8}), ${m.platform}; load average at start ${m.loadAverage.join(' / ')}.`);
  out.push('');
  if (r.analyser) {
    const a = r.analyser;
    out.push('#### Wasm analyser (JS and native) vs `WebAssembly.validate` (same bytes, interleaved rounds)');
    out.push('');
    out.push(`![analyser throughput](${svgDir}/analyser-throughput.svg)`);
    out.push('');
    out.push('| dataset | size | JS analyser median / p95 | MB/s | native analyser median / p95 | MB/s | validate median / p95 | MB/s | ratio JS | ratio native | streaming 64 KB ÷ whole (JS / native) | verdicts |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const x of a.rows) {
      out.push(`| ${x.name} | ${kb(x.bytes)} | ${ms(x.analyser.medianMs)} / ${ms(x.analyser.p95Ms)} ms | ${x.analyser.mbPerS.toFixed(0)} | ${ms(x.native.medianMs)} / ${ms(x.native.p95Ms)} ms | ${x.native.mbPerS.toFixed(0)} | ${ms(x.validate.medianMs)} / ${ms(x.validate.p95Ms)} ms | ${x.validate.mbPerS.toFixed(0)} | ${x.ratio.toFixed(2)}× | ${x.nativeRatio.toFixed(2)}× | ${(1 / x.streamingRatio).toFixed(2)}× / ${(1 / x.nativeStreamingRatio).toFixed(2)}× time | ${x.verdicts.join('; ')}${x.nativeVerdictsAgree ? '' : ' ⚠️ native verdicts differ'} |`);
    }
    out.push('');
    out.push('JS = `analyzeWasm` (analyze.ts); native (Wasm-compiled walker) = `analyzeWasmNative` (analyze-native.ts), the one the CLI uses; both give identical reports. Ratio = analyser throughput ÷ validate throughput (1.00× = parity). Streaming column: streaming time ÷ whole-bytes time.');
    out.push('');
    for (const t of a.targets) out.push(`- ${mark(t.met)} ${t.label}: ${t.value}`);
    for (const miss of a.missing) out.push(`- ${miss}: not found, skipped`);
    out.push('');
  }
  if (r.matcher) {
    out.push('#### Page matcher: cost per URL');
    out.push('');
    out.push(`![matcher cost per URL](${svgDir}/matcher-per-url.svg)`);
    out.push('');
    out.push('| list | rules | URLs (domain hits / regex hits / misses) | ours ns/URL (median, p95) | naive ns/URL | naive ÷ ours | agreement | compilePageRules | createPageMatcher | PageRules JSON | load + validate |');
    out.push('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const x of r.matcher.rows) {
      out.push(`| ${x.name} | ${x.domains} domains + ${x.regexes} regexes | ${x.urls} (${x.mix.domainHits} / ${x.mix.regexHits} / ${x.mix.misses}) | ${ns(x.oursNsPerUrl)}, ${ns(x.oursP95NsPerUrl)} | ${ns(x.naiveNsPerUrl)} (${x.naiveUrls} URLs) | ${x.speedup.toFixed(0)}× | ${x.agreement} | ${ms(x.compilePageRulesMs)} ms | ${ms(x.createMatcherMs)} ms | ${kb(x.pageRulesJsonBytes)} | ${x.loadAndValidateMs !== undefined ? `${ms(x.loadAndValidateMs)} ms` : '—'} |`);
    }
    out.push('');
    for (const x of r.matcher.rows) out.push(`- ${mark(x.oursNsPerUrl < 2000)} ${x.name}: < 2 µs per URL (${ns(x.oursNsPerUrl)})`);
    for (const n of r.matcher.notes) out.push(`- ${n}`);
    out.push('');
  }
  if (r.dnr) {
    const d = r.dnr;
    out.push('#### declarativeNetRequest compile');
    out.push('');
    out.push(`${d.domains} domains + ${d.regexes} url regexes → ${d.rules} DNR rules (${d.domainRules} requestDomains rules, ${d.regexRules} regexFilter rules, ${d.allowRules} allow), ${d.skipped} skipped, ${kb(d.jsonBytes)} of JSON, compiled in ${ms(d.compileMs)} ms (p95 ${ms(d.compileP95Ms)} ms).`);
    out.push('');
    for (const l of d.limits) out.push(`- ${mark(l.ok)} ${l.name}: ${l.used} / ${l.limit}`);
    out.push('');
  }
  if (r.stratum) {
    const s = r.stratum;
    out.push('#### Stratum classifier vs `JSON.parse` alone');
    out.push('');
    out.push(`![stratum classifier](${svgDir}/stratum.svg)`);
    out.push('');
    out.push(`${s.frames} frames (${s.poolFrames} pool frames, ${s.classifiedAsPool} classified as pool): classifier ${ns(s.classifierNsPerFrame)}/frame, JSON.parse ${ns(s.jsonParseNsPerFrame)}/frame → ${s.costVsParse.toFixed(2)}× the cost of parsing alone.`);
    out.push('');
  }
  return out.join('\n');
}

const pct = (n: number, d: number) => (d === 0 ? '—' : `${n}/${d} (${((100 * n) / d).toFixed(1)}%)`);

/** The verdict-accuracy block of docs/benchmarks.md (its own section, kept with its previous run). */
export function accuracyMarkdown(a: AccuracyResult, r: EngineResults): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`### Latest run — ${r.date}`);
  out.push('');
  out.push(`${m.cpu}, ${m.cores} cores, Node ${m.node}; load average at start ${m.loadAverage.join(' / ')} (timings on a loaded machine are slow for all contenders alike).`);
  out.push('');
  out.push('Miners are judged as the page hook judges them: static verdict, then (for crypto-capable / suspicious modules) the hits in linear memory after instantiation. TPR counts `miner` verdicts; "named" also requires the family in the verdict line. Rules and their specifications: `docs/fingerprints.md`.');
  out.push('');
  if (a.families.length) {
    out.push('| family | TPR plain | TPR obfuscated | family named |');
    out.push('|---|---:|---:|---:|');
    const sum = (k: 'plain' | 'obfuscated' | 'named', i: 0 | 1) => a.families.reduce((n, f) => n + f[k][i], 0);
    for (const f of a.families) out.push(`| ${f.family} | ${pct(...f.plain)} | ${pct(...f.obfuscated)} | ${pct(...f.named)} |`);
    out.push(`| **all** | ${pct(sum('plain', 0), sum('plain', 1))} | ${pct(sum('obfuscated', 0), sum('obfuscated', 1))} | ${pct(sum('named', 0), sum('named', 1))} |`);
    out.push('');
  }
  if (a.corpus) {
    const c = a.corpus;
    const levels = ['clean', 'crypto-capable', 'suspicious', 'miner'].map((l) => `${c.byLevel[l] ?? 0} ${l}`).join(', ');
    out.push(`Benign corpus: ${c.modules} modules (${kb(c.bytes)}): ${levels}. **FPR (above crypto-capable): ${pct(c.falsePositives.length, c.modules)}.**`);
    out.push('');
    for (const fp of c.falsePositives) out.push(`- false positive \`${fp.file.slice(0, 16)}…\`: ${fp.reason}`);
    out.push('');
    out.push(`Throughput on the same corpus bytes, one pass each, order rotating among the three: native analyser (Wasm-compiled walker) ${ms(c.nativeMs)} ms → **${c.nativeRatio.toFixed(2)}× validate**; JS analyser ${ms(c.analyserMs)} ms → ${c.ratio.toFixed(2)}× validate; \`WebAssembly.validate\` ${ms(c.validateMs)} ms (goal ≥ 1.0×). Verdict counts above are the native analyser's; JS and native verdict levels differ on ${c.levelMismatches} module(s).`);
    out.push('All are wall time. In Node 20 `WebAssembly.validate` checks function bodies on V8\'s background threads too (with `--single-threaded` it took 1.5–1.9× as long on these modules in our runs); both analysers run on one thread.');
    out.push('');
  }
  if (a.missed.length) {
    out.push(`<details><summary>${a.missed.length} fixture(s) not judged miner</summary>`);
    out.push('');
    for (const x of a.missed) out.push(`- \`${x.file}\`: ${x.reason}`);
    out.push('');
    out.push('</details>');
    out.push('');
  }
  for (const n of a.notes) out.push(`- ${n}`);
  return out.join('\n');
}
