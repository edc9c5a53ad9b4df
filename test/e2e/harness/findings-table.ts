import type { StoredFinding } from '../../../src/engine/protocol';

const COLUMNS: { title: string; width: number; value: (f: StoredFinding) => string }[] = [
  { title: 'kind', width: 15, value: (f) => f.kind },
  { title: 'verdict', width: 14, value: (f) => f.verdict },
  { title: 'action', width: 8, value: (f) => f.action },
  { title: 'api', width: 32, value: (f) => f.api ?? '' },
  { title: 'url', width: 48, value: (f) => f.url ?? '(no URL)' },
  { title: 'reason', width: 60, value: (f) => f.reason },
];

const fit = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));

/** Findings as a fixed-width text table, for `npm start` and for failure messages. */
export function findingsTable(findings: readonly StoredFinding[]): string {
  const line = (cells: string[]) => cells.map((c, i) => fit(c.replace(/\s+/g, ' '), COLUMNS[i].width)).join('  ').trimEnd();
  return [
    line(COLUMNS.map((c) => c.title)),
    line(COLUMNS.map((c) => '-'.repeat(c.width))),
    ...findings.map((f) => line(COLUMNS.map((c) => c.value(f)))),
  ].join('\n');
}
