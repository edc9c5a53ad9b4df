import type { CDPSession } from 'puppeteer-core';
import { alternate } from '../lib/alternate';
import { median } from '../lib/stats';
import { summarize, type Summary } from '../lib/summary';
import { heapOf, type BenchBrowser } from './launch';
import type { BrowserPair } from './pair';

// JS heap after a forced GC, read over CDP (Runtime.getHeapUsage): the background service
// worker, and a plain page with and without the extension. The page figure covers the
// page's isolate, so the bridge's isolated world counts too. Firefox has no such probe.

export interface MemoryResult { serviceWorkerBytes: number | null; page: { plain: Summary; ext: Summary; deltaBytes: number } | null }

/** Evaluates in the service worker; throws what the worker threw. */
export async function swEvaluate<T>(session: CDPSession, expression: string): Promise<T> {
  const r = await session.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  if (r.exceptionDetails) throw new Error(`service worker: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
  return r.result.value as T;
}

export async function waitForBackground(session: CDPSession): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await swEvaluate<boolean>(session, 'typeof globalThis.minerSentry === "object"').catch(() => false))) {
    if (Date.now() > deadline) throw new Error('the background never defined globalThis.minerSentry');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * JS heap of one page in a tab of its own: a reused tab keeps earlier documents in the
 * back/forward cache, and their heap would be counted with this page's. NaN where the
 * browser offers no reading.
 */
export async function freshTabHeap(browser: BenchBrowser, url: string): Promise<number> {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    return (await page.heapUsed()) ?? NaN;
  } finally {
    await page.close();
  }
}

export async function benchMemory(pair: BrowserPair, origin: string, rounds: number): Promise<MemoryResult> {
  if (pair.kind !== 'chromium') return { serviceWorkerBytes: null, page: null };
  const sw = await pair.ext.serviceWorker();
  let serviceWorkerBytes: number | null = null;
  if (sw) {
    await waitForBackground(sw);
    const readings: number[] = [];
    for (let i = 0; i < 3; i++) readings.push(await heapOf(sw));
    serviceWorkerBytes = median(readings);
  }
  const pageHeap = (which: 'plain' | 'ext') => (r: number) => freshTabHeap(pair[which], `${origin}/plain.html?heap=${r}`);
  const [p, e] = await alternate([{ name: 'plain', run: pageHeap('plain') }, { name: 'ext', run: pageHeap('ext') }], rounds);
  const plain = summarize(p);
  const ext = summarize(e);
  return { serviceWorkerBytes, page: { plain, ext, deltaBytes: ext.median - plain.median } };
}
