// Probe, not a benchmark of record: benign Wasm instantiate cost of several extension builds
// side by side (plus no extension), the bench's wasm page and calls, alternating: a new
// worker's first instantiate of a 41-byte module, then sql.js and esbuild-wasm. Usage:
//   node --import tsx bench/probe/compare-wasm.ts chromium|firefox name=dir … [--rounds N]
import { join } from 'node:path';
import { alternate } from '../lib/alternate';
import { buildsArgs } from './builds-args';
import { summarize } from '../lib/summary';
import { launchBench, type BenchBrowser } from '../browser/launch';
import { startBenchServer } from '../browser/server';
import { moduleSpec, openWasmPage, runInPage, type How } from '../browser/wasm-cost';

const { kind, rounds, contenders } = buildsArgs(process.argv, 8);
const root = process.cwd();
const specs = [
  moduleSpec('small', 'benign-add', join(root, 'test/fixtures/wasm/build/benign-add.wasm')),
  moduleSpec('sqljs', 'sql.js', join(root, 'node_modules/sql.js/dist/sql-wasm.wasm')),
  moduleSpec('esbuild', 'esbuild-wasm', join(root, 'node_modules/esbuild-wasm/esbuild.wasm')),
];
const server = await startBenchServer(Object.fromEntries(specs.map((s) => [s.name, s.file])));
const browsers: BenchBrowser[] = [];
try {
  for (const [, dir] of contenders) browsers.push(await launchBench(kind, dir));
  const pages = await Promise.all(browsers.map((b) => openWasmPage(b.newPage(), server.origin, specs)));
  for (const spec of specs) {
    // A fresh worker's first call is what the small module is here for.
    for (const how of (spec.name === 'small' ? ['worker'] : ['bytes', 'streaming']) as How[]) {
      const res = await alternate(contenders.map(([name], i) => ({ name, run: async () => (await runInPage(pages[i], spec.name, how, 1)).ms })), rounds);
      const none = summarize(res[0]).median;
      console.log(`${kind} ${spec.label.padEnd(13)} ${how.padEnd(9)} ` + contenders.map(([name], i) => {
        const m = summarize(res[i]).median;
        return `${name} ${m.toFixed(1)} ms${i ? ` (${(m / none).toFixed(2)}×)` : ''}`;
      }).join(' | '));
    }
  }
} finally {
  await Promise.all(browsers.map((b) => b.close()));
  await server.close();
}
