import { existsSync, readFileSync, writeFileSync } from 'node:fs';

// docs/benchmarks.md holds hand-written text plus, per bench, a generated "latest" block and
// the block it replaced ("previous run"), so a regression shows up in the diff and on the page.

const marker = (key: string, edge: 'start' | 'end') => `<!-- bench:${key}:${edge} -->`;

function extract(text: string, key: string): string | undefined {
  const a = text.indexOf(marker(key, 'start'));
  const b = text.indexOf(marker(key, 'end'));
  if (a < 0 || b < a) return undefined;
  return text.slice(a + marker(key, 'start').length, b).trim();
}

function replace(text: string, key: string, body: string): string {
  const block = `${marker(key, 'start')}\n${body.trim()}\n${marker(key, 'end')}`;
  const a = text.indexOf(marker(key, 'start'));
  const b = text.indexOf(marker(key, 'end'));
  if (a < 0 || b < a) return `${text.trimEnd()}\n\n${block}\n`;
  return text.slice(0, a) + block + text.slice(b + marker(key, 'end').length);
}

/** Writes `body` as the latest block of `bench`, moving the old latest block to "previous". */
export function updateBenchDoc(path: string, intro: string, bench: string, body: string): void {
  let text = existsSync(path) ? readFileSync(path, 'utf8') : intro;
  const old = extract(text, `${bench}-latest`);
  text = replace(text, `${bench}-latest`, body);
  if (old) {
    // Plots are overwritten by every run, so the demoted block keeps its numbers only.
    const demoted = old.replace(/^### Latest run/m, '### Previous run').replace(/^!\[.*\n?/gm, '');
    text = replace(text, `${bench}-previous`, `<details><summary>Previous ${bench} run</summary>\n\n${demoted}\n\n</details>`);
  }
  writeFileSync(path, text);
}

/**
 * Appends `heading` (a `## …` section start and its prose) the first time `bench` writes
 * into an existing doc, so its generated blocks land under their own section.
 */
export function ensureDocHeading(path: string, bench: string, heading: string): void {
  if (!existsSync(path)) return;
  const text = readFileSync(path, 'utf8');
  if (text.includes(marker(`${bench}-latest`, 'start'))) return;
  writeFileSync(path, `${text.trimEnd()}\n\n${heading.trim()}\n`);
}
