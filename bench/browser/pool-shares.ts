import { startDemoServer } from '../../demo/server.mjs';
import type { BrowserPair } from './pair';

// The demo miner page (demo/public/miner.html) against the demo's fake pool: how many
// shares reach the pool in a fixed window, with and without the extension. Each browser
// talks to its own pool path so the counts stay apart.

export interface SharesResult { seconds: number; ext: { submits: number; logins: number; hashes: number }; plain: { submits: number; logins: number; hashes: number } }

interface MinerView { pool: { hashes: number } }

export async function benchShares(pair: BrowserPair, seconds: number): Promise<SharesResult> {
  const demo = await startDemoServer({ port: 0, altPort: 0, jobIntervalMs: 2_000 });
  const pages = { plain: await pair.plain.newPage(), ext: await pair.ext.newPage() };
  try {
    const url = (path: string) => `${demo.origin}/miner.html?pool=${encodeURIComponent(`ws://127.0.0.1:${demo.port}${path}`)}`;
    await Promise.all([pages.plain.goto(url('/pool/bench-plain')), pages.ext.goto(url('/pool/bench-ext'))]);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const hashes = (which: 'plain' | 'ext') => pages[which].evaluate(() => (window as unknown as { minerDemo?: MinerView }).minerDemo?.pool.hashes ?? 0);
    const stats = demo.pool.stats().pools;
    const of = async (which: 'plain' | 'ext') => {
      const s = stats[`/pool/bench-${which}`];
      return { submits: s?.submits ?? 0, logins: s?.logins ?? 0, hashes: await hashes(which) };
    };
    return { seconds, ext: await of('ext'), plain: await of('plain') };
  } finally {
    await Promise.all([pages.plain.close(), pages.ext.close()]);
    await demo.close();
  }
}
