// Probe: does Chromium's (or Firefox's) async WebAssembly.compile overlap with main-thread
// work, whole or cut into slices that yield to the event loop? No extension; the page
// compiles esbuild-wasm while spinning the main thread for a set time.
//   node --import tsx bench/probe/compile-overlap.ts chromium|firefox [busyMs] [sliceMs]
import { join } from 'node:path';
import type { BrowserKind } from '../../test/e2e/harness/constants';
import { launchBench } from '../browser/launch';
import { startBenchServer } from '../browser/server';
import { median } from '../lib/stats';

const [kind, busyArg, sliceArg] = process.argv.slice(2) as [BrowserKind, string?, string?];
const busy = Number(busyArg ?? 45);
const slice = Number(sliceArg ?? 5);
const root = join(import.meta.dirname, '../..');
const server = await startBenchServer({ esbuild: join(root, 'node_modules/esbuild-wasm/esbuild.wasm') });
const browser = await launchBench(kind, null);
try {
  const page = await browser.newPage();
  await page.goto(`${server.origin}/plain.html`);
  const run = new Function('busy', 'slice', 'rounds', `return (async () => {
    const bytes = new Uint8Array(await (await fetch('/modules/esbuild.wasm')).arrayBuffer());
    const spin = (ms) => { const end = performance.now() + ms; while (performance.now() < end); };
    const tick = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
    const out = { alone: [], whole: [], sliced: [], busyAlone: [] };
    for (let i = 0; i < rounds; i++) {
      let t = performance.now(); await WebAssembly.compile(bytes); out.alone.push(performance.now() - t);
      t = performance.now(); { const p = WebAssembly.compile(bytes); spin(busy); await p; } out.whole.push(performance.now() - t);
      t = performance.now(); { const p = WebAssembly.compile(bytes); for (let done = 0; done < busy; done += slice) { spin(Math.min(slice, busy - done)); await tick(); } await p; } out.sliced.push(performance.now() - t);
      t = performance.now(); spin(busy); out.busyAlone.push(performance.now() - t);
    }
    return out;
  })()`) as (b: number, s: number, r: number) => Promise<Record<string, number[]>>;
  const res = await page.evaluate(new Function(`return (${run.toString()})(${busy}, ${slice}, 9);`) as () => Promise<Record<string, number[]>>);
  console.log(`${kind}: busy ${busy} ms, slices of ${slice} ms`);
  for (const [k, xs] of Object.entries(res)) console.log(`  ${k.padEnd(10)} ${median(xs.slice(1)).toFixed(1)} ms`);
} finally {
  await browser.close();
  await server.close();
}
