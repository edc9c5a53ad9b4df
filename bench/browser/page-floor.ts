import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alternate } from '../lib/alternate';
import { summarize, type Summary } from '../lib/summary';
import type { BrowserKind } from '../../test/e2e/harness/constants';
import { launchBench, type BenchBrowser, type BenchPage } from './launch';
import { freshTabHeap } from './memory';

// The floor under the page-cost figures: the same extension with both per-frame content
// scripts emptied, so what remains is what the browser itself charges for injecting two
// document_start scripts (one in an isolated world) into every frame, and for having the
// extension installed at all. No hook can cost less than this; "hook over floor" is
// what our own code adds.

const HOOK = 'src/page/hook.iife.js';
const BRIDGE = 'src/content/bridge.iife.js';

export interface PageFloorRow { metric: string; none: Summary; floor: Summary; ext: Summary }
export interface PageFloorResult { rounds: number; frames: number; rows: PageFloorRow[] }

interface Timing { firstScript: number; allFramesLoaded: number | null }

/** A copy of the built extension whose hook and bridge do nothing. */
function floorBuild(extDir: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'miner-sentry-floor-'));
  cpSync(extDir, dir, { recursive: true });
  for (const file of [HOOK, BRIDGE]) writeFileSync(join(dir, file), "'use strict';\n");
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function benchPageFloor(kind: BrowserKind, extDir: string, origin: string, rounds: number, frames: number): Promise<PageFloorResult> {
  const floor = floorBuild(extDir);
  const browsers: BenchBrowser[] = [];
  try {
    for (const dir of [null, floor.dir, extDir]) browsers.push(await launchBench(kind, dir));
    const pages: BenchPage[] = await Promise.all(browsers.map((b) => b.newPage()));
    const names = ['none', 'floor', 'ext'];
    const load = (i: number, path: string) => async (r: number): Promise<Timing> => {
      await pages[i].goto(`${origin}/${path}${path.includes('?') ? '&' : '?'}floor=${r}`);
      return pages[i].evaluate(() => (window as unknown as { benchTiming: Promise<Timing> }).benchTiming);
    };
    const plain = await alternate(names.map((name, i) => ({ name, run: load(i, 'plain.html') })), rounds);
    const many = await alternate(names.map((name, i) => ({ name, run: load(i, `frames.html?n=${frames}`) })), Math.max(3, Math.ceil(rounds / 2)));
    const heap = kind === 'chromium'
      ? await alternate(names.map((name, i) => ({ name, run: (r: number) => freshTabHeap(browsers[i], `${origin}/plain.html?heap=${r}`) })), Math.max(3, Math.ceil(rounds / 3)))
      : null;
    const row = (metric: string, samples: number[][]): PageFloorRow => ({ metric, none: summarize(samples[0]), floor: summarize(samples[1]), ext: summarize(samples[2]) });
    const rows = [
      row('plain page: first page script runs, ms', plain.map((xs) => xs.map((t) => t.firstScript))),
      row(`${frames} iframes: all frames loaded, ms`, many.map((xs) => xs.map((t) => t.allFramesLoaded ?? NaN).filter((v) => !Number.isNaN(v)))),
    ];
    if (heap) rows.push(row('plain page: JS heap after GC, bytes', heap));
    return { rounds, frames, rows };
  } finally {
    await Promise.all(browsers.map((b) => b.close()));
    floor.cleanup();
  }
}
