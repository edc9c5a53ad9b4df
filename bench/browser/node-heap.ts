import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { compilePageRules } from '../../src/engine/rules/index';
import { createPageMatcher } from '../../src/engine/rules/page-matcher';
import type { ScaleRules } from './scale-rules';

// Heap that a 100k-domain list costs once compiled for pages, measured in Node because the
// extension has no way yet to load a list of that size for a heap reading in the browser.

export interface NodeHeapResult { pageRulesBytes: number; matcherBytes: number; pageRulesJsonBytes: number }

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export function nodeHeap(rules: ScaleRules): NodeHeapResult {
  const before = heapAfterGc();
  const pageRules = compilePageRules(rules.list);
  const afterRules = heapAfterGc();
  const matcher = createPageMatcher(pageRules);
  const afterMatcher = heapAfterGc();
  // Keeps both alive through the last reading.
  if (!matcher.matchHost(rules.hosts[0])) throw new Error('matcher misses a listed host');
  return { pageRulesBytes: afterRules - before, matcherBytes: afterMatcher - afterRules, pageRulesJsonBytes: Buffer.byteLength(JSON.stringify(pageRules)) };
}
