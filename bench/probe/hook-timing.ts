// Probe: per-frame split of the hook's start-up, from an instrumented build
// (bench/probe/instrumented-build.sh OUT) that records
// globalThis.__msT = [[label, performance.now()], …] in each frame. Usage:
//   node --import tsx bench/probe/hook-timing.ts chromium|firefox OUT/chrome|OUT/firefox [loads]
import type { BrowserKind } from '../../test/e2e/harness/constants';
import { launchBench } from '../browser/launch';
import { startBenchServer } from '../browser/server';
import { median } from '../lib/stats';

const [kind, dir, loadsArg] = process.argv.slice(2) as [BrowserKind, string, string];
const server = await startBenchServer({});
const browser = await launchBench(kind, dir);
const byStep = new Map<string, number[]>();
const tops = new Map<string, number[]>();
try {
  const page = await browser.newPage();
  for (let r = 0; r < Number(loadsArg ?? 5); r++) {
    await page.goto(`${server.origin}/frames.html?n=50&t=${r}`);
    const all = await page.evaluate(new Function(`
      const out = [];
      const ws = [window]; for (let i = 0; i < window.frames.length; i++) ws.push(window.frames[i]);
      for (const w of ws) { const t = w.__msT; if (t) out.push(t.map((x) => [x[0], x[1]])); }
      return out;`) as () => [string, number][][]);
    all.forEach((marks, fi) => {
      for (let i = 1; i < marks.length; i++) {
        const m = fi === 0 ? tops : byStep;
        const k = marks[i][0];
        if (!m.has(k)) m.set(k, []);
        m.get(k)!.push(marks[i][1] - marks[i - 1][1]);
      }
      const total = marks[marks.length - 1][1] - marks[0][1];
      const m = fi === 0 ? tops : byStep;
      if (!m.has('TOTAL')) m.set('TOTAL', []);
      m.get('TOTAL')!.push(total);
    });
  }
  for (const [name, m] of [['top frame', tops], ['subframes', byStep]] as const) {
    console.log(`${kind} ${name}: ` + [...m].map(([k, xs]) => `${k} ${median(xs).toFixed(2)}`).join(' | ') + ` (n=${m.get('TOTAL')?.length})`);
  }
} finally {
  await browser.close();
  await server.close();
}
