// Build-time compilation of the lists shipped inside the extension. Kept out of
// vite.config.ts so the CLI and tests can produce the very same rulesets.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadRuleList, compileDnr } from '../src/engine/rules/index.ts';

const root = resolve(import.meta.dirname, '..');

export const BUNDLED_LISTS = [
  { id: 'nocoin', file: 'rules/nocoin/nocoin.txt', name: 'NoCoin Filter List' },
] as const;

export function bundledRuleList(file: string, name: string) {
  const res = loadRuleList(readFileSync(resolve(root, file), 'utf8'), { name, partial: true });
  if (!res.list) throw new Error(`${file}: ${res.errors.map((e) => `line ${e.line}: ${e.reason}`).join('; ')}`);
  return res.list;
}

export function bundledRulesets() {
  return BUNDLED_LISTS.map(({ id, file, name }) => ({
    id,
    fileName: `rulesets/${id}.json`,
    rules: compileDnr(bundledRuleList(file, name)).rules,
  }));
}
