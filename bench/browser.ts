import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compilePageRules } from '../src/engine/rules/index';
import { BROWSER_KINDS, type BrowserKind } from '../test/e2e/harness/constants';
import { extensionBuild } from './browser/build-extension';
import { benchDnrSync } from './browser/dnr-sync';
import { benchMemory } from './browser/memory';
import { nodeHeap } from './browser/node-heap';
import { benchPageCost } from './browser/page-cost';
import { benchPageFloor } from './browser/page-floor';
import { bundleForPage } from './browser/bundle';
import { benchHookSteps, HOOK_STEPS_ENTRY } from './browser/hook-steps';
import { benchPageLookup, LOOKUP_ENTRY } from './browser/page-lookup';
import { closePair, openPair } from './browser/pair';
import { benchShares } from './browser/pool-shares';
import { scaleRules } from './browser/scale-rules';
import { startBenchServer } from './browser/server';
import { benchVerdict } from './browser/verdict';
import { benchBenignWasm, moduleSpec } from './browser/wasm-cost';
import { benchWsCost } from './browser/ws-cost';
import { urlMix } from './data/synthetic-rules';
import { updateBenchDoc, ensureDocHeading } from './lib/doc-sections';
import { machineInfo } from './lib/machine';
import { browserCharts } from './report/browser-charts';
import { browserMarkdown, browserSummaryTable } from './report/browser-markdown';
import type { BrowserKindResults, BrowserResults } from './report/browser-results';

// Browser benchmarks: Chromium and Firefox, each as two instances of the same binary, one
// with the extension and one without, driven in alternation so both see the same machine.
// Nothing here is asserted: the figures go to docs/benchmarks.md for people to read.

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const kinds = (option('--browser')?.split(',') ?? BROWSER_KINDS) as BrowserKind[];
const log = (s: string) => console.log(s);

const PLAN = quick
  ? { pageRounds: 5, frames: 50, small: 5, medium: 4, large: 3, verdict: 5, sharesS: 3, memory: 2, lookup: 2, dnrRuns: 1, steps: 2, ws: 3 }
  : { pageRounds: 20, frames: 50, small: 20, medium: 15, large: 10, verdict: 20, sharesS: 6, memory: 6, lookup: 5, dnrRuns: 3, steps: 5, ws: 9 };
const pageRounds = Number(option('--rounds') ?? PLAN.pageRounds);
const SCALE = { domains: 100_000, regexes: 1_000, hashes: 10_000 };
/** Frames in flight per WebSocket sample. */
const WS_FRAMES = 2_000;

const fixture = (name: string) => join(root, 'test/fixtures/wasm/build', name);
const BENIGN = [
  { name: 'benign-add', label: 'small: benign-add', file: fixture('benign-add.wasm'), reps: 50 },
  { name: 'sqljs', label: 'medium: sql.js', file: join(root, 'node_modules/sql.js/dist/sql-wasm.wasm'), reps: 2 },
  { name: 'esbuild', label: 'large: esbuild-wasm', file: join(root, 'node_modules/esbuild-wasm/esbuild.wasm'), reps: 1 },
];
const MINERS = [
  { name: 'demo-miner', label: 'demo-miner.wasm', file: fixture('demo-miner.wasm') },
  { name: 'cn-like', label: 'cn-like.wasm', file: fixture('cn-like.wasm') },
];

const DOC_HEADING = `## Browser

\`npm run bench -- --only browser\` builds the extension into a temporary directory and
drives Chromium and Firefox ESR, each as two instances of the same binary with the same
flags, one with the extension and one without, alternating page loads and calls between
them (A B, B A, …). Times are read by the page's own clock unless a row says otherwise.
Ratios are with ÷ without, by medians. Nothing here is asserted by a test. Options:
\`--browser chromium|firefox\`, \`--rounds N\` (page loads per side), \`--quick\`;
\`MINER_SENTRY_DIST_DIR=<dir>\` measures an existing build (\`<dir>/chrome\`, \`<dir>/firefox\`)
instead of building one. Raw figures: \`bench/results/browser-latest.json\`.
`;

async function step<T>(r: BrowserKindResults, name: string, run: () => Promise<T>): Promise<T | undefined> {
  const t = Date.now();
  log(`[${r.kind}] ${name}`);
  try {
    const value = await run();
    log(`[${r.kind}] ${name}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return value;
  } catch (err) {
    const message = `${name}: ${(err as Error).message.split('\n')[0]}`;
    log(`[${r.kind}] FAILED ${message}`);
    r.errors.push(message);
    return undefined;
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const machine = machineInfo();
  log(`browser bench${quick ? ' (quick)' : ''} on ${machine.cpu}, ${machine.cores} cores; browsers: ${kinds.join(', ')}`);
  const build = extensionBuild(kinds, log);
  const benign = BENIGN.map((b) => ({ ...moduleSpec(b.name, b.label, b.file), reps: b.reps }));
  const miners = MINERS.map((m) => moduleSpec(m.name, m.label, m.file));
  const server = await startBenchServer(Object.fromEntries([...BENIGN, ...MINERS].map((m) => [m.name, m.file])));
  const scale = scaleRules(SCALE.domains, SCALE.regexes, SCALE.hashes);
  const pageRules = compilePageRules(scale.list);
  const mix = urlMix(quick ? 5_000 : 20_000, scale.hosts, scale.regexHitUrls);
  // Half listed digests, half unknown ones: the hook hashes every module, most are unlisted.
  const probeDigests = [...scale.digests.slice(0, 500), ...scale.digests.slice(0, 500).map((d) => d.split('').reverse().join(''))];
  const lookupBundle = await bundleForPage(LOOKUP_ENTRY.entry, LOOKUP_ENTRY.global);
  const stepsBundle = await bundleForPage(HOOK_STEPS_ENTRY.entry, HOOK_STEPS_ENTRY.global);
  const results: BrowserResults = {
    date: new Date().toISOString(), quick, machine, extension: build.source, scale: SCALE, browsers: [], durationS: 0,
  };
  try {
    for (const kind of kinds) {
      const r: BrowserKindResults = { kind, version: '', errors: [] };
      results.browsers.push(r);
      const pair = await openPair(kind, build.dirOf(kind));
      r.version = pair.plain.version;
      log(`[${kind}] ${r.version}`);
      try {
        r.pageCost = await step(r, 'page cost', () => benchPageCost(pair, server.origin, pageRounds, PLAN.frames));
        r.pageFloor = await step(r, 'page cost floor', () => benchPageFloor(kind, build.dirOf(kind), server.origin, Math.max(5, Math.ceil(pageRounds / 2)), PLAN.frames));
        r.wasm = await step(r, 'benign Wasm', () => benchBenignWasm(pair, server.origin, benign.map((spec, i) => ({
          spec, reps: spec.reps, rounds: [PLAN.small, PLAN.medium, PLAN.large][i], inWorker: i === 0,
        })), log));
        r.ws = await step(r, 'busy WebSocket', () => benchWsCost(pair, server.origin, PLAN.ws, WS_FRAMES));
        r.hookSteps = await step(r, 'hook steps', () => benchHookSteps(pair.plain, server.origin, stepsBundle, benign.slice(1), PLAN.steps));
        r.verdict = await step(r, 'time to verdict', () => benchVerdict(pair, server.origin, miners, PLAN.verdict));
        r.shares = await step(r, 'pool shares', () => benchShares(pair, PLAN.sharesS));
        r.memory = await step(r, 'memory', () => benchMemory(pair, server.origin, PLAN.memory));
        r.lookup = await step(r, 'page lookup', () => benchPageLookup(pair.plain, server.origin, lookupBundle, pageRules, mix.urls, probeDigests, PLAN.lookup));
        if (kind === 'chromium') r.dnr = await step(r, 'DNR sync', () => benchDnrSync(pair, server.origin, server.port, scale, PLAN.dnrRuns));
      } finally {
        await closePair(pair);
      }
    }
  } finally {
    await server.close();
    build.cleanup();
  }
  log('Node: heap of the 100k list compiled for pages');
  results.nodeHeap = nodeHeap(scale);
  results.durationS = Math.round((Date.now() - started) / 1000);

  log('');
  log(browserSummaryTable(results));

  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/browser-latest.json'), JSON.stringify(results, null, 2) + '\n');
  mkdirSync(join(root, 'docs/bench'), { recursive: true });
  for (const [name, svg] of Object.entries(browserCharts(results))) writeFileSync(join(root, 'docs/bench', name), svg);
  const doc = join(root, 'docs/benchmarks.md');
  ensureDocHeading(doc, 'browser', DOC_HEADING);
  updateBenchDoc(doc, DOC_HEADING, 'browser', browserMarkdown(results, 'bench'));
  log(`\nwrote bench/results/browser-latest.json, docs/bench/browser-*.svg, docs/benchmarks.md (${results.durationS} s)`);
  if (results.browsers.some((b) => b.errors.length)) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
