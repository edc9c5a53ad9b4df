// Bundled for the page (bench/browser/page-lookup.ts): the page matcher as the hook ships
// it, timed by the page's own clock.
import type { PageRules } from '../../src/engine/rules/page-rules';
import { createPageMatcher } from '../../src/engine/rules/page-matcher';
import type { Hashes } from '../../src/engine/types';

export interface LookupTiming { createMs: number; urlNs: number; hashNs: number; urlHits: number; hashHits: number }

/** Calls per sample grow until a sample lasts `minMs`, well above the coarse page timers. */
function perCall(items: number, minMs: number, call: (i: number) => unknown): number {
  let calls = items;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < calls; i++) call(i % items);
    const ms = performance.now() - t;
    if (ms >= minMs) return (ms * 1e6) / calls;
    calls *= 2;
  }
}

export function lookupBench(rules: PageRules, urls: string[], digests: string[], minMs: number): LookupTiming {
  const t = performance.now();
  const matcher = createPageMatcher(rules);
  const createMs = performance.now() - t;
  const hashes: Hashes[] = digests.map((sha256) => ({ sha256 }));
  return {
    createMs,
    urlNs: perCall(urls.length, minMs, (i) => matcher.matchUrl(urls[i])),
    hashNs: perCall(hashes.length, minMs, (i) => matcher.matchHashes(hashes[i])),
    urlHits: urls.filter((u) => matcher.matchUrl(u)).length,
    hashHits: hashes.filter((h) => matcher.matchHashes(h)).length,
  };
}
