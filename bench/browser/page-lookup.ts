import type { PageRules } from '../../src/engine/rules/page-rules';
import { median } from '../lib/stats';
import { loadBundle, type PageBundle } from './bundle';
import type { LookupTiming } from './page-lookup-entry';
import type { BenchBrowser } from './launch';

// The page matcher in the browser's own JIT (page-lookup-entry.ts, bundled), fed the
// rule-scale PageRules.

export const LOOKUP_ENTRY = { entry: 'page-lookup-entry.ts', global: 'minerSentryLookupBench' };

export interface PageLookupResult extends LookupTiming { urls: number; digests: number; samples: number }

export async function benchPageLookup(browser: BenchBrowser, origin: string, bundle: PageBundle, rules: PageRules, urls: string[], digests: string[], samples: number): Promise<PageLookupResult> {
  const page = await browser.newPage();
  try {
    await page.goto(`${origin}/wasm.html`);
    await loadBundle(page, bundle);
    // The rules go over the automation protocol once; each sample then reuses them.
    await page.evaluate((data) => { (window as unknown as { lookupData: unknown }).lookupData = data; }, { rules, urls, digests });
    const runs: LookupTiming[] = [];
    for (let i = 0; i < samples; i++) {
      runs.push(await page.evaluate((name) => {
        const w = window as unknown as Record<string, { lookupBench: (...a: unknown[]) => LookupTiming }> & { lookupData: { rules: unknown; urls: unknown; digests: unknown } };
        return w[name].lookupBench(w.lookupData.rules, w.lookupData.urls, w.lookupData.digests, 150);
      }, bundle.global));
    }
    const mid = (f: (t: LookupTiming) => number) => median(runs.map(f));
    return {
      createMs: mid((t) => t.createMs), urlNs: mid((t) => t.urlNs), hashNs: mid((t) => t.hashNs),
      urlHits: runs[0].urlHits, hashHits: runs[0].hashHits, urls: urls.length, digests: digests.length, samples,
    };
  } finally {
    await page.close();
  }
}
