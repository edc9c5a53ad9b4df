import { alternate } from '../lib/alternate';
import { median } from '../lib/stats';
import { ratioOf, summarize, type Summary } from '../lib/summary';
import type { BenchPage } from './launch';
import type { BrowserPair } from './pair';

// What an ordinary page pays: navigation timing read by the page itself, the hook's
// install into a fresh frame (see pages/page-timing.js), and a page with many frames.

interface PageTiming {
  firstScript: number;
  domContentLoaded: number;
  load: number;
  allFramesLoaded: number | null;
  frameInstall: number[];
}

export interface PageCostRow { metric: string; short: string; plain: Summary; ext: Summary; ratio: number; deltaMs: number }
export interface PageCostResult { rounds: number; frames: number; rows: PageCostRow[] }

async function timedLoad(page: BenchPage, url: string): Promise<PageTiming> {
  await page.goto(url);
  return page.evaluate(() => (window as unknown as { benchTiming: Promise<PageTiming> }).benchTiming);
}

function row(metric: string, short: string, plain: number[], ext: number[]): PageCostRow {
  const p = summarize(plain);
  const e = summarize(ext);
  return { metric, short, plain: p, ext: e, ratio: ratioOf(e, p), deltaMs: e.median - p.median };
}

export async function benchPageCost(pair: BrowserPair, origin: string, rounds: number, frames: number): Promise<PageCostResult> {
  const pages = { plain: await pair.plain.newPage(), ext: await pair.ext.newPage() };
  try {
    const load = (which: 'plain' | 'ext', path: string) => (r: number) => timedLoad(pages[which], `${origin}/${path}${path.includes('?') ? '&' : '?'}r=${r}`);
    const [plainPage, extPage] = await alternate([
      { name: 'plain', run: load('plain', 'plain.html') },
      { name: 'ext', run: load('ext', 'plain.html') },
    ], rounds);
    const [plainFrames, extFrames] = await alternate([
      { name: 'plain', run: load('plain', `frames.html?n=${frames}`) },
      { name: 'ext', run: load('ext', `frames.html?n=${frames}`) },
    ], rounds);
    const pick = (xs: PageTiming[], f: (t: PageTiming) => number | null) => xs.map(f).filter((v): v is number => typeof v === 'number');
    return {
      rounds,
      frames,
      rows: [
        row('plain page: first page script runs', 'first script', pick(plainPage, (t) => t.firstScript), pick(extPage, (t) => t.firstScript)),
        row('plain page: DOMContentLoaded', 'DOMContentLoaded', pick(plainPage, (t) => t.domContentLoaded), pick(extPage, (t) => t.domContentLoaded)),
        row('plain page: load', 'load', pick(plainPage, (t) => t.load), pick(extPage, (t) => t.load)),
        row('new same-origin frame: insert + first WebAssembly touch', 'frame hook install', pick(plainPage, (t) => median(t.frameInstall)), pick(extPage, (t) => median(t.frameInstall))),
        row(`${frames} iframes: all frames loaded`, `${frames} iframes loaded`, pick(plainFrames, (t) => t.allFramesLoaded), pick(extFrames, (t) => t.allFramesLoaded)),
        row(`${frames} iframes: load`, `${frames} iframes: load`, pick(plainFrames, (t) => t.load), pick(extFrames, (t) => t.load)),
      ],
    };
  } finally {
    await Promise.all([pages.plain.close(), pages.ext.close()]);
  }
}
