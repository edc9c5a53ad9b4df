// Probe: which objects a build adds to a plain page's heap (Chromium), by constructor/type.
//   node --import tsx bench/probe/heap-diff.ts dirA dirB
import puppeteer from 'puppeteer-core';
import { CHROMIUM_BASE_FLAGS } from '../../scripts/chromium-flags.mjs';
import { CHROMIUM_PATH } from '../../test/e2e/harness/constants';
import { startBenchServer } from '../browser/server';

const [dirA, dirB] = process.argv.slice(2);
const server = await startBenchServer({});

async function census(dir: string): Promise<Map<string, { n: number; size: number }>> {
  const browser = await puppeteer.launch({ browser: 'chrome', executablePath: CHROMIUM_PATH, headless: true, pipe: true, enableExtensions: [dir], args: [...CHROMIUM_BASE_FLAGS] });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/plain.html`, { waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, 500));
    const cdp = await page.createCDPSession();
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    let chunks = '';
    cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => { chunks += e.chunk; });
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    const snap = JSON.parse(chunks);
    const f = snap.snapshot.meta.node_fields as string[];
    const types = snap.snapshot.meta.node_types[0] as string[];
    const nodes = snap.nodes as number[];
    const strings = snap.strings as string[];
    const out = new Map<string, { n: number; size: number }>();
    const T = f.indexOf('type'), N = f.indexOf('name'), S = f.indexOf('self_size');
    for (let i = 0; i < nodes.length; i += f.length) {
      const key = `${types[nodes[i + T]]}:${strings[nodes[i + N]].slice(0, 60)}`;
      const e = out.get(key) ?? { n: 0, size: 0 };
      e.n++; e.size += nodes[i + S];
      out.set(key, e);
    }
    return out;
  } finally {
    await browser.close();
  }
}

const a = await census(dirA);
const b = await census(dirB);
const keys = new Set([...a.keys(), ...b.keys()]);
const rows = [...keys].map((k) => ({ k, dn: (b.get(k)?.n ?? 0) - (a.get(k)?.n ?? 0), ds: (b.get(k)?.size ?? 0) - (a.get(k)?.size ?? 0) }));
rows.sort((x, y) => y.ds - x.ds);
const total = rows.reduce((s, r) => s + r.ds, 0);
console.log(`total self-size difference ${(total / 1024).toFixed(0)} KB`);
for (const r of rows.slice(0, 45)) console.log(`${(r.ds / 1024).toFixed(1).padStart(8)} KB ${String(r.dn).padStart(6)}  ${r.k}`);
await server.close();
