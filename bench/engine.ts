import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDocHeading, updateBenchDoc } from './lib/doc-sections';
import { machineInfo } from './lib/machine';
import { engineCharts } from './report/engine-charts';
import { accuracyMarkdown, engineMarkdown } from './report/engine-markdown';
import type { EngineResults } from './report/engine-results';
import { benchAccuracy } from './sections/accuracy';
import { benchAnalyser } from './sections/analyser';
import { benchDnr } from './sections/dnr';
import { benchMatcher } from './sections/matcher';
import { benchStratum } from './sections/stratum';

// Engine benchmarks, one dataset through every contender with a baseline measured in the
// same run. Absolute times depend on the machine and its load; the ratios are the figures
// to compare between runs.

const root = new URL('../', import.meta.url).pathname;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
/** Only the verdict-accuracy section (no timings of the other engine parts). */
const accuracyOnly = args.includes('--accuracy');
const log = (s: string) => console.log(s);

const DOC_INTRO = `# Benchmarks

\`npm run bench\` runs every benchmark (\`npm run bench -- --only engine\`, \`-- --quick\` for a
shorter run). Each one puts the same data through our code and a baseline in the same
process, with interleaved rounds, and reports medians and p95. Other jobs on the machine
move absolute times around; ratios against the baseline are the figures to compare. Raw
results go to \`bench/results/\`, plots to \`docs/bench/\`. Each section below keeps the run
before it, so a regression is visible in the diff.

## Engine
`;

const ACCURACY_HEADING = `## Verdict accuracy

Written by \`npm run bench -- --only engine\` (or \`node --import tsx bench/engine.ts --accuracy\` for this
section alone): true-positive rate on our own miner fixtures (\`test/fixtures/miners/\`, plain and
obfuscated builds), false-positive rate on the benign corpus (\`npm run corpus:fetch\`), and the
analysers' throughput (native (Wasm-compiled walker) and JS) against \`WebAssembly.validate\` on the
same corpus bytes.
`;

async function main(): Promise<void> {
  const results: EngineResults = { date: new Date().toISOString(), quick, machine: machineInfo() };
  const doc = join(root, 'docs/benchmarks.md');
  if (accuracyOnly) {
    results.accuracy = await benchAccuracy(log);
    printSummary(results);
    ensureDocHeading(doc, 'accuracy', ACCURACY_HEADING);
    updateBenchDoc(doc, DOC_INTRO, 'accuracy', accuracyMarkdown(results.accuracy, results));
    log('\nwrote docs/benchmarks.md (verdict accuracy)');
    return;
  }
  log(`engine bench${quick ? ' (quick)' : ''} on ${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node}`);

  log('Wasm analyser (JS and native) vs WebAssembly.validate');
  results.analyser = benchAnalyser(quick, log);
  log('Verdict accuracy: miner fixtures, benign corpus');
  results.accuracy = await benchAccuracy(log);
  ensureDocHeading(join(root, 'docs/benchmarks.md'), 'accuracy', ACCURACY_HEADING);
  log('Page matcher');
  results.matcher = benchMatcher(quick, log);
  log('DNR compile');
  results.dnr = benchDnr(quick);
  log('Stratum classifier');
  results.stratum = benchStratum(quick);

  printSummary(results);

  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/engine-latest.json'), JSON.stringify(results, null, 2) + '\n');
  mkdirSync(join(root, 'docs/bench'), { recursive: true });
  for (const [name, svg] of Object.entries(engineCharts(results))) writeFileSync(join(root, 'docs/bench', name), svg);
  updateBenchDoc(join(root, 'docs/benchmarks.md'), DOC_INTRO, 'engine', engineMarkdown(results, 'bench'));
  if (results.accuracy) updateBenchDoc(join(root, 'docs/benchmarks.md'), DOC_INTRO, 'accuracy', accuracyMarkdown(results.accuracy, results));
  log('\nwrote bench/results/engine-latest.json, docs/bench/*.svg, docs/benchmarks.md');
}

function printSummary(r: EngineResults): void {
  const rows: string[][] = [['benchmark', 'ours', 'baseline', 'ratio']];
  for (const x of r.analyser?.rows ?? []) {
    const validate = `validate ${x.validate.medianMs.toFixed(2)} ms (${x.validate.mbPerS.toFixed(0)} MB/s)`;
    rows.push([`analyse ${x.name} (native)`, `${x.native.medianMs.toFixed(2)} ms (${x.native.mbPerS.toFixed(0)} MB/s)`, validate, `${x.nativeRatio.toFixed(2)}× speed`]);
    rows.push([`analyse ${x.name} (JS)`, `${x.analyser.medianMs.toFixed(2)} ms (${x.analyser.mbPerS.toFixed(0)} MB/s)`, validate, `${x.ratio.toFixed(2)}× speed`]);
  }
  for (const x of r.matcher?.rows ?? []) {
    rows.push([`match ${x.name}`, `${x.oursNsPerUrl.toFixed(0)} ns/URL`, `naive ${x.naiveNsPerUrl.toFixed(0)} ns/URL`, `${x.speedup.toFixed(0)}× faster`]);
  }
  if (r.dnr) rows.push([`DNR compile ${r.dnr.domains} + ${r.dnr.regexes}`, `${r.dnr.compileMs.toFixed(1)} ms → ${r.dnr.rules} rules`, `${r.dnr.regexRules} regex rules`, r.dnr.limits.every((l) => l.ok) ? 'within limits' : 'OVER LIMITS']);
  if (r.stratum) rows.push(['classify WS frame', `${r.stratum.classifierNsPerFrame.toFixed(0)} ns`, `JSON.parse ${r.stratum.jsonParseNsPerFrame.toFixed(0)} ns`, `${r.stratum.costVsParse.toFixed(2)}× cost`]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const m = r.machine;
  log(`\n${m.cpu} · ${m.cores} cores · Node ${m.node} · load ${m.loadAverage.join('/')}`);
  for (const [i, row] of rows.entries()) {
    log(row.map((c, j) => c.padEnd(widths[j])).join('  '));
    if (i === 0) log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  for (const t of r.analyser?.targets ?? []) log(`${t.met ? 'met ' : 'MISS'}  ${t.label}: ${t.value}`);
  const a = r.accuracy;
  if (a) {
    for (const f of a.families) log(`TPR ${f.family.padEnd(12)} plain ${f.plain[0]}/${f.plain[1]}  obfuscated ${f.obfuscated[0]}/${f.obfuscated[1]}`);
    if (a.corpus) {
      const c = a.corpus;
      log(`FPR benign corpus: ${c.falsePositives.length}/${c.modules} above crypto-capable (native verdicts; ${c.levelMismatches} JS/native differences)`);
      log(`corpus throughput: native ${c.nativeMs.toFixed(0)} ms → ${c.nativeRatio.toFixed(2)}× validate; JS ${c.analyserMs.toFixed(0)} ms → ${c.ratio.toFixed(2)}× validate; validate ${c.validateMs.toFixed(0)} ms`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
