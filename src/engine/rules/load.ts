import type { ListIssue, RuleList } from '../types';
import { detectFormat, type ListFormat } from './detect-format';
import { importAbp } from './import-abp';
import { importHosts } from './import-hosts';
import { jsonErrorPosition } from './json-positions';
import { validateRuleList } from './validate';

export interface LoadResult {
  list: RuleList | null;
  format: 'native' | 'abp' | 'hosts';
  errors: ListIssue[];
  skipped: ListIssue[];
}

export interface LoadOptions {
  format?: 'auto' | ListFormat;
  /** Name for imported lists (native lists carry their own). */
  name?: string;
  /** Keep the valid rules of a native list that has invalid ones. */
  partial?: boolean;
}

export function loadRuleList(text: string, opts: LoadOptions = {}): LoadResult {
  const format = !opts.format || opts.format === 'auto' ? detectFormat(text) : opts.format;
  if (format === 'native') return loadNative(text, opts.partial ?? false);
  const imported = format === 'abp' ? importAbp(text, { name: opts.name }) : importHosts(text, { name: opts.name });
  // Importers only emit rules that pass the same checks; validating again guards
  // against an importer bug letting an unsafe rule through to a page.
  const { list, errors } = validateRuleList(imported.list, { partial: opts.partial });
  return { list, format, errors, skipped: imported.skipped };
}

function loadNative(text: string, partial: boolean): LoadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = jsonErrorPosition(message, text);
    const error: ListIssue = at
      ? { line: at.line, reason: `invalid JSON at line ${at.line}, column ${at.column}: ${message}` }
      : { reason: `invalid JSON: ${message}` };
    return { list: null, format: 'native', errors: [error], skipped: [] };
  }
  const { list, errors } = validateRuleList(value, { partial, sourceText: text });
  return { list, format: 'native', errors, skipped: [] };
}
