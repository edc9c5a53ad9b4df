// Probe, not a benchmark of record: page cost of several builds of the extension side by
// side (plus no extension), on the floor bench's pages. Usage:
//   node --import tsx bench/probe/compare-builds.ts chromium name=dir name=dir … [--rounds N]
import { alternate } from '../lib/alternate';
import { buildsArgs } from './builds-args';
import { summarize } from '../lib/summary';
import { launchBench, type BenchBrowser, type BenchPage } from '../browser/launch';
import { freshTabHeap } from '../browser/memory';
import { startBenchServer } from '../browser/server';

interface Timing { firstScript: number; allFramesLoaded: number | null; frameFirst?: number[] }

const { kind, rounds, contenders } = buildsArgs(process.argv, 10);

const server = await startBenchServer({});
const browsers: BenchBrowser[] = [];
try {
  for (const [, dir] of contenders) browsers.push(await launchBench(kind, dir));
  const pages: BenchPage[] = await Promise.all(browsers.map((b) => b.newPage()));
  const load = (i: number, path: string) => async (r: number): Promise<Timing> => {
    await pages[i].goto(`${server.origin}/${path}${path.includes('?') ? '&' : '?'}cmp=${r}`);
    const t = await pages[i].evaluate(() => (window as unknown as { benchTiming: Promise<Timing> }).benchTiming);
    // Each frame's first script by its own clock: its content scripts ran just before.
    t.frameFirst = await pages[i].evaluate(new Function(`const out = []; for (let k = 0; k < window.frames.length; k++) { try { const v = window.frames[k].benchFirstScript; if (typeof v === 'number') out.push(v); } catch {} } return out;`) as () => number[]);
    return t;
  };
  const plain = await alternate(contenders.map(([name], i) => ({ name, run: load(i, 'plain.html') })), rounds);
  const many = await alternate(contenders.map(([name], i) => ({ name, run: load(i, 'frames.html?n=50') })), rounds);
  const heap = kind === 'chromium'
    ? await alternate(contenders.map(([name], i) => ({ name, run: (r: number) => freshTabHeap(browsers[i], `${server.origin}/plain.html?heap=${r}`) })), Math.max(3, Math.ceil(rounds / 3)))
    : null;
  const fmt = (xs: number[]) => { const s = summarize(xs); return `${s.median.toFixed(1)} (p95 ${s.p95.toFixed(1)})`; };
  contenders.forEach(([name], i) => {
    console.log(`${kind} ${name.padEnd(12)} first script ${fmt(plain[i].map((t) => t.firstScript))}  50 frames ${fmt(many[i].map((t) => t.allFramesLoaded ?? NaN).filter((v) => !Number.isNaN(v)))}  frame first script ${fmt(many[i].flatMap((t) => t.frameFirst ?? []))}${heap ? `  heap ${(summarize(heap[i]).median / 1024).toFixed(0)} KB` : ''}`);
  });
} finally {
  await Promise.all(browsers.map((b) => b.close()));
  await server.close();
}
