import type { ListIssue, RuleList } from '../types';

export interface ImportOptions {
  /** List name; also the prefix of generated rule ids. */
  name?: string;
}

export interface ImportResult {
  list: RuleList;
  /** Lines that produced no rule, each with its line number and why. */
  skipped: ListIssue[];
}

export const IMPORTED_DESCRIPTION_MAX = 300;

export function idPrefix(name: string): string {
  return name.trim().replace(/\s+/g, '-') || 'imported';
}

export function describeLine(line: string): string {
  return line.length > IMPORTED_DESCRIPTION_MAX ? `${line.slice(0, IMPORTED_DESCRIPTION_MAX)}…` : line;
}
