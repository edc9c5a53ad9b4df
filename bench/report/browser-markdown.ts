import type { BrowserResults } from './browser-results';
import type { Summary } from '../lib/summary';
import { describeTraffic } from '../browser/ws-cost';

const ms = (v: number) => (!Number.isFinite(v) ? '—' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 0.1 ? v.toFixed(2) : v.toFixed(3));
const sm = (s: Summary) => `${ms(s.median)} / ${ms(s.p95)}`;
const mb = (b: number) => (Math.abs(b) >= 1e6 ? `${(b / 1e6).toFixed(2)} MB` : `${(b / 1024).toFixed(0)} KB`);
const size = (b: number) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : b >= 1024 ? `${(b / 1024).toFixed(0)} KB` : `${b} B`);
const ratio = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');
const signed = (v: number) => `${v >= 0 ? '+' : '−'}${ms(Math.abs(v))}`;
const ns = (v: number) => (v >= 1e3 ? `${(v / 1e3).toFixed(2)} µs` : `${v.toFixed(0)} ns`);
const mark = (ok: boolean) => (ok ? '✅' : '❌');

export function browserMarkdown(r: BrowserResults, svgDir: string): string {
  const m = r.machine;
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  line(`### Latest run — ${r.date}${r.quick ? ' (quick)' : ''}`);
  line();
  line(`${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.platform}; load average at start ${m.loadAverage.join(' / ')}. ${r.browsers.map((b) => `${b.kind}: ${b.version}`).join('; ')}. Extension: ${r.extension}. Run took ${r.durationS} s.`);
  line();
  for (const b of r.browsers) for (const e of b.errors) line(`- ❌ ${b.kind}: ${e}`);

  const pageRows = r.browsers.filter((b) => b.pageCost);
  if (pageRows.length) {
    const pc = pageRows[0].pageCost!;
    line(`#### Page cost (${pc.rounds} alternating loads per side)`);
    line();
    line(`![page cost](${svgDir}/browser-page-cost.svg)`);
    line();
    line('| browser | measure | without ext, ms (median / p95) | with ext | with ÷ without | added, ms |');
    line('|---|---|---:|---:|---:|---:|');
    for (const b of pageRows) for (const x of b.pageCost!.rows) line(`| ${b.kind} | ${x.metric} | ${sm(x.plain)} | ${sm(x.ext)} | ${ratio(x.ratio)} | ${signed(x.deltaMs)} |`);
    line();
    line('How: every time is the page\'s own `performance.now()` / navigation timing, relative to its navigation start. '
      + '"First page script runs" is the first inline `<script>` in `<head>`; the document_start content scripts (hook and bridge) run before it, so the difference is their start-up cost on the main thread of a top-level frame. '
      + '"New same-origin frame" appends an `about:blank` iframe and touches its `WebAssembly`, which is when the hook is installed into that realm (by the content script or the parent\'s `contentWindow` getter, whichever comes first); median of 8 frames per load. '
      + `The frames page writes ${pc.frames} same-origin iframes while parsing; "all frames loaded" is the last iframe's load event. `
      + 'Long-task observers were not used: Firefox has none, and a hook install is far below the 50 ms long-task threshold.');
    line();
  }

  const floorRows = r.browsers.filter((b) => b.pageFloor);
  if (floorRows.length) {
    const pf = floorRows[0].pageFloor!;
    line(`#### The floor: an extension whose content scripts do nothing (${pf.rounds} alternating loads per side)`);
    line();
    line('Three instances of one browser in alternation: no extension, this extension with its hook and bridge replaced by empty scripts ("floor"), and this extension as built. The floor is what the browser charges for two document_start content scripts in every frame (one of them in an isolated world); no hook can cost less. "Ours" is what our own code adds on top.');
    line();
    line('| browser | measure | no extension (median / p95) | floor | this extension | floor − none | ours (ext − floor) |');
    line('|---|---|---:|---:|---:|---:|---:|');
    const val = (metric: string, x: Summary) => (metric.includes('bytes') ? `${mb(x.median)} / ${mb(x.p95)}` : sm(x));
    const diff = (metric: string, a: Summary, b: Summary) => (metric.includes('bytes') ? `${a.median >= b.median ? '+' : '−'}${mb(Math.abs(a.median - b.median))}` : signed(a.median - b.median));
    for (const b of floorRows) {
      for (const x of b.pageFloor!.rows) line(`| ${b.kind} | ${x.metric} | ${val(x.metric, x.none)} | ${val(x.metric, x.floor)} | ${val(x.metric, x.ext)} | ${diff(x.metric, x.floor, x.none)} | ${diff(x.metric, x.ext, x.floor)} |`);
    }
    line();
  }

  const wasmRows = r.browsers.filter((b) => b.wasm?.length);
  if (wasmRows.length) {
    line('#### Benign Wasm: instantiate with vs without the extension');
    line();
    line(`![benign wasm](${svgDir}/browser-wasm.svg)`);
    line();
    line('| browser | module | size | call | calls per sample | samples | without ext, ms per call (median / p95) | with ext | with ÷ without |');
    line('|---|---|---:|---|---:|---:|---:|---:|---:|');
    for (const b of wasmRows) {
      for (const x of b.wasm!) {
        const call = x.how === 'streaming' ? '`instantiateStreaming`' : x.how === 'worker' ? '`instantiate(bytes)` in a new worker' : '`instantiate(bytes)`';
        line(`| ${b.kind} | ${x.module} | ${size(x.bytes)} | ${call} | ${x.reps} | ${x.plain.n} | ${sm(x.plain)} | ${sm(x.ext)} | ${ratio(x.ratio)} |`);
      }
    }
    line();
    line('Bytes are in page memory before timing starts (`instantiateStreaming` gets a fresh in-memory `Response` per call, which the hook relays rather than clones: a `Response` from the network is read from a clone, src/page/response-relay.ts), so the network plays no part; imports are no-op stubs. The worker row starts a fresh dedicated worker per sample and times its first `instantiate` by the worker\'s clock (worker start-up itself is not in the figure).');
    line();
    for (const b of wasmRows) {
      for (const x of b.wasm!.filter((w) => w.module.startsWith('large'))) line(`- ${mark(x.ratio <= 1.05)} ${b.kind} large module, ${x.how}: with ÷ without ≤ 1.05 (${ratio(x.ratio)})`);
    }
    line();
  }
  const stepRows = r.browsers.filter((b) => b.hookSteps?.length);
  if (stepRows.length) {
    line('Where the hook\'s time goes for one module: each step of `src/page/judge-module.ts` / `wasm-hooks.ts` timed on its own in a page of the plain browser, with the engine bundled in, next to that browser\'s own `WebAssembly.compile` of the same bytes (median ms). The hook takes the JS SHA-256 only when hash rules or a finding need it (never for a benign module without hash rules), and on async paths the native compile runs alongside the analysis:');
    line();
    line('| browser | module | size | read Response clone (streaming only) | copy | SHA-256 (only when needed) | analyse | copy + analyse | native `compile` |');
    line('|---|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const b of stepRows) {
      for (const x of b.hookSteps!) line(`| ${b.kind} | ${x.module} | ${size(x.bytes)} | ${ms(x.responseReadMs)} | ${ms(x.copyMs)} | ${ms(x.sha256Ms)} | ${ms(x.analyseMs)} | ${ms(x.copyMs + x.analyseMs)} | ${ms(x.compileMs)} |`);
    }
    line();
  }

  const verdictRows = r.browsers.filter((b) => b.verdict?.length);
  if (verdictRows.length) {
    line('#### Time to verdict for the miner fixtures');
    line();
    line(`![time to verdict](${svgDir}/browser-verdict.svg)`);
    line();
    line('| browser | module | where | with ext: outcome | with ext: call → settled, ms (median / p95) | without ext: instantiate, ms (median / p95) | samples |');
    line('|---|---|---|---|---:|---:|---:|');
    for (const b of verdictRows) for (const x of b.verdict!) line(`| ${b.kind} | ${x.module} | ${x.where} | ${x.outcome}${x.error ? ` (${x.error.replace(/\|/g, '/')})` : ''} | ${sm(x.ext)} | ${sm(x.plain)} | ${x.ext.n}${x.lost ? ` (+${x.lost} lost with the terminated worker)` : ''} |`);
    line();
    line('`WebAssembly.instantiate(bytes)` from the page, or from a dedicated worker (a fresh one per sample, timed by the worker\'s clock and written to shared memory, since the hook terminates a worker that loads a miner and its last message can be lost), until the promise settles.');
    line();
    for (const b of r.browsers.filter((x) => x.shares)) {
      const s = b.shares!;
      line(`- ${mark(s.ext.submits === 0)} ${b.kind}, demo miner page for ${s.seconds} s: ${s.ext.submits} shares submitted to the fake pool with the extension (${s.ext.hashes} hashes); without it ${s.plain.submits} shares (${s.plain.hashes} hashes).`);
    }
    line();
  }

  const wsRows = r.browsers.filter((b) => b.ws?.length);
  if (wsRows.length) {
    line('#### A busy benign WebSocket: each frame sent and its echo received');
    line();
    line('| browser | traffic | frames per sample | samples | without ext, µs per round trip (median / p95) | with ext | with ÷ without | added per frame, µs |');
    line('|---|---|---:|---:|---:|---:|---:|---:|');
    for (const b of wsRows) {
      for (const x of b.ws!) {
        const us = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '—');
        line(`| ${b.kind} | ${describeTraffic(x.traffic)} | ${x.frames} | ${x.plain.n} | ${us(x.plain.median)} / ${us(x.plain.p95)} | ${us(x.ext.median)} / ${us(x.ext.p95)} | ${ratio(x.ratio)} | ${us((x.ext.median - x.plain.median) / 2)} |`);
      }
    }
    line();
    line('The page sends all frames at once to an echo server on 127.0.0.1 and times until the last echo arrives, by its own clock; the hook looks at each frame twice (sent, received), so the last column halves the added round trip. Frames holding none of the words a pool call or a ws-message rule needs pass without the full check (src/engine/stratum-prefilter.ts, `requiredChoices` in src/engine/rules/regex-literals.ts): the JSON-RPC frames carry `"method"`, which the bundled Stratum rules look for, but none of their method names; binary frames are decoded first.');
    line();
  }

  line('#### Memory');
  line();
  for (const b of r.browsers) {
    const mem = b.memory;
    if (!mem) continue;
    if (mem.serviceWorkerBytes === null && !mem.page) {
      line(`- ${b.kind}: not measured (no CDP in Firefox; WebDriver BiDi has no heap probe).`);
      continue;
    }
    if (mem.serviceWorkerBytes !== null) line(`- ${b.kind}: background service worker JS heap with the bundled list, after GC (CDP \`Runtime.getHeapUsage\`): ${mb(mem.serviceWorkerBytes)}.`);
    if (mem.page) line(`- ${b.kind}: plain page JS heap after GC, without / with the extension (median of ${mem.page.plain.n} fresh tabs): ${mb(mem.page.plain.median)} / ${mb(mem.page.ext.median)} → the hook (and bridge) add ${mb(mem.page.deltaBytes)} per page.`);
  }
  if (r.nodeHeap) {
    const h = r.nodeHeap;
    line(`- Node, not the browser (the extension has no way yet to load such a list for a reading): ${r.scale.domains / 1000}k domains + ${r.scale.regexes / 1000}k regexes + ${r.scale.hashes / 1000}k hashes compiled by \`compilePageRules\` take ${mb(h.pageRulesBytes)} of heap (${mb(h.pageRulesJsonBytes)} as JSON, which is what each page receives), and \`createPageMatcher\` over them ${mb(h.matcherBytes)} more.`);
  }
  line();

  const dnr = r.browsers.find((b) => b.dnr)?.dnr;
  const lookups = r.browsers.filter((b) => b.lookup);
  if (dnr || lookups.length) {
    line(`#### Rule scale: ${r.scale.domains / 1000}k domains + ${r.scale.regexes / 1000}k regexes + ${r.scale.hashes / 1000}k hash rules`);
    line();
    if (dnr) {
      const med = (xs: number[]) => (xs.length ? ms([...xs].sort((a, b) => a - b)[Math.ceil(xs.length / 2) - 1]) : '—');
      line(`- Chromium, \`declarativeNetRequest.updateDynamicRules\` in the service worker with the \`compileDnr\` output (${dnr.rules} rules, ${dnr.regexRules} of them regexFilter; the ${dnr.hashRulesNotInDnr} hash rules have no DNR form and stay with the page matcher): add ${med(dnr.addMs)} ms, remove ${med(dnr.removeMs)} ms (median of ${dnr.addMs.length}; worker clock). A listed host's fetch was first refused ${med(dnr.blockedAfterMs)} ms after the call (Node clock, including CDP round trips; the page kept fetching in a loop). ${dnr.preexistingDynamicRules} dynamic rules were there before.${dnr.error ? ` ❌ ${dnr.error}` : ''}`);
    }
    if (lookups.length) {
      line();
      line('Page-side lookup, `createPageMatcher` and the per-call matchers bundled into a page and timed by its clock:');
      line();
      line('| browser | createPageMatcher | `matchUrl` per URL | `matchHashes` per module | URL hits | hash hits |');
      line('|---|---:|---:|---:|---:|---:|');
      for (const b of lookups) {
        const l = b.lookup!;
        line(`| ${b.kind} | ${ms(l.createMs)} ms | ${ns(l.urlNs)} | ${ns(l.hashNs)} | ${l.urlHits} / ${l.urls} | ${l.hashHits} / ${l.digests} |`);
      }
    }
    line();
  }
  return out.join('\n');
}

/** The compact table printed at the end of a run. */
export function browserSummaryTable(r: BrowserResults): string {
  const rows: string[][] = [['browser', 'measure', 'without', 'with', 'ratio']];
  for (const b of r.browsers) {
    for (const x of b.pageCost?.rows ?? []) rows.push([b.kind, x.metric, `${ms(x.plain.median)} ms`, `${ms(x.ext.median)} ms`, ratio(x.ratio)]);
    for (const x of b.wasm ?? []) rows.push([b.kind, `${x.module} ${x.how}`, `${ms(x.plain.median)} ms`, `${ms(x.ext.median)} ms`, ratio(x.ratio)]);
    for (const x of b.hookSteps ?? []) rows.push([b.kind, `${x.module}: sha256 / analyse / native compile`, '', `${ms(x.sha256Ms)} / ${ms(x.analyseMs)} / ${ms(x.compileMs)} ms`, '']);
    for (const x of b.verdict ?? []) rows.push([b.kind, `${x.module} ${x.where} (${x.outcome})`, `${ms(x.plain.median)} ms`, `${ms(x.ext.median)} / p95 ${ms(x.ext.p95)} ms`, '']);
    if (b.shares) rows.push([b.kind, `shares in ${b.shares.seconds} s`, String(b.shares.plain.submits), String(b.shares.ext.submits), '']);
    for (const x of b.ws ?? []) rows.push([b.kind, `WebSocket ${x.traffic} round trip`, `${x.plain.median.toFixed(0)} µs`, `${x.ext.median.toFixed(0)} µs`, ratio(x.ratio)]);
    if (b.memory?.page) rows.push([b.kind, 'page JS heap', mb(b.memory.page.plain.median), mb(b.memory.page.ext.median), `+${mb(b.memory.page.deltaBytes)}`]);
    if (b.memory?.serviceWorkerBytes) rows.push([b.kind, 'service worker heap', '', mb(b.memory.serviceWorkerBytes), '']);
    if (b.lookup) rows.push([b.kind, 'matchUrl / matchHashes', '', `${ns(b.lookup.urlNs)} / ${ns(b.lookup.hashNs)}`, '']);
    if (b.dnr?.addMs.length) rows.push([b.kind, `DNR add ${b.dnr.rules} rules / blocked after`, '', `${ms(b.dnr.addMs[0])} / ${ms(b.dnr.blockedAfterMs[0] ?? NaN)} ms`, '']);
    for (const e of b.errors) rows.push([b.kind, `FAILED ${e}`, '', '', '']);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const m = r.machine;
  const lines = [`${m.cpu} · ${m.cores} cores · Node ${m.node} · load ${m.loadAverage.join('/')} · ${r.browsers.map((b) => b.version).join(' · ')}`];
  rows.forEach((row, i) => {
    lines.push(row.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd());
    if (i === 0) lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  });
  return lines.join('\n');
}
