// Reads what the demo pages (demo/public) record about themselves in window globals.
import type { HarnessPage } from './types';

interface ApiOutcome { outcome: string; detail: string }
export interface MinerDemoView {
  settled: boolean;
  apis: Record<string, ApiOutcome>;
  worker: ApiOutcome;
  pool: { url: string; status: string; jobs: number; hashes: number; shares: number; accepted: number };
}
export interface ListedDemoView { src: string; outcome: 'pending' | 'loaded' | 'load-error'; ran: boolean }
export interface BenignDemoView { status: 'loading' | 'done' | 'failed'; sum: number | null; error: string | null }

type DemoGlobals = { minerDemo?: MinerDemoView; listedDemo?: ListedDemoView; benignDemo?: BenignDemoView };

export const readMinerDemo = (page: HarnessPage) =>
  page.evaluate(() => {
    const d = (window as unknown as DemoGlobals).minerDemo;
    return d ? (JSON.parse(JSON.stringify({ settled: Boolean(d.settled), apis: d.apis, worker: d.worker, pool: d.pool })) as MinerDemoView) : null;
  });

export const readListedDemo = (page: HarnessPage) =>
  page.evaluate(() => {
    const d = (window as unknown as DemoGlobals).listedDemo;
    return d ? { src: d.src, outcome: d.outcome, ran: d.ran } : null;
  });

export const readBenignDemo = (page: HarnessPage) =>
  page.evaluate(() => {
    const d = (window as unknown as DemoGlobals).benignDemo;
    return d ? { status: d.status, sum: d.sum, error: d.error } : null;
  });
