// The path × browser matrix the evasion run prints and keeps in docs/coverage.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EvasionCase } from './cases';

export interface Cell {
  /** A finding other than a diagnostic reached the tab. */
  detected: boolean;
  /** A finding says the extension blocked something. */
  blocked: boolean;
  /** Hashes the page computed (server witness); for socket cases, pool logins. */
  hashes: number;
  submits: number;
  /** What the page saw: refused, silent, result, hashed… */
  outcome: string;
}

const START = '<!-- evasion-matrix:start -->';
const END = '<!-- evasion-matrix:end -->';

function show(c: EvasionCase, cell: Cell | undefined): string {
  if (!cell) return 'not run';
  if (c.kind === 'benign') return cell.detected ? `REPORTED (${cell.outcome})` : `clean, ${cell.outcome}`;
  if (c.kind === 'behaviour') return `${cell.detected ? 'reported' : 'MISSED'} / ${cell.blocked ? 'BLOCKED' : 'not blocked'} / page ${cell.outcome}`;
  const work = c.kind === 'socket' ? `${cell.hashes} logins` : `${cell.hashes} hashes`;
  return `${cell.detected ? 'detected' : 'MISSED'} / ${cell.blocked ? 'blocked' : 'not blocked'} / ${work}, ${cell.submits} submits`;
}

export function renderMatrix(cases: EvasionCase[], browsers: string[], cells: Map<string, Cell>): string {
  const rows = [
    `| path | ${browsers.join(' | ')} |`,
    `| --- | ${browsers.map(() => '---').join(' | ')} |`,
    ...cases.map((c) => `| ${c.label} | ${browsers.map((b) => show(c, cells.get(`${b}:${c.id}`))).join(' | ')} |`),
  ];
  return rows.join('\n');
}

/** Replaces the matrix between the markers in docs/coverage.md, keeping the prose around it. */
export function writeCoverageMatrix(matrix: string, when: string): void {
  const file = resolve(import.meta.dirname, '../../../docs/coverage.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/coverage.md lacks the ${START} … ${END} markers`);
  writeFileSync(file, `${text.slice(0, start + START.length)}\n\nLast run: ${when}.\n\n${matrix}\n\n${text.slice(end)}`);
}
