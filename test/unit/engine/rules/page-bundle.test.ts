import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The page hook imports page-matcher.ts into every page; re2js and the regex
// analysis must not ride along. Follows value imports (type imports are erased).
function valueImports(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = readFileSync(entry, 'utf8');
  for (const m of source.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)) {
    const spec = m[1];
    if (spec.startsWith('.')) valueImports(resolve(dirname(entry), `${spec}.ts`), seen);
    else seen.add(spec);
  }
  return seen;
}

describe('page-matcher import graph', () => {
  it('pulls in neither re2js nor validation code', () => {
    const graph = [...valueImports(resolve(import.meta.dirname, '../../../../src/engine/rules/page-matcher.ts'))];
    expect(graph.some((f) => f === 're2js')).toBe(false);
    expect(graph.some((f) => /regex-check|redos-check|regex-ast|validate/.test(f))).toBe(false);
    expect(graph.some((f) => f.endsWith('regex-index.ts'))).toBe(true);
  });
});
