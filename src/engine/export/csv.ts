import { toExportRecord } from './records';
import type { ExportEnvironment, ExportRecord, ExportableFinding } from './types';

/*
 * RFC 4180 CSV. The file is meant for spreadsheets, which run a cell starting with
 * = + - @ (or a tab / carriage return that hides one) as a formula: URLs and reasons
 * come from web pages, so such cells get a leading apostrophe and are shown as text.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

type Column = [header: string, pick: (r: ExportRecord) => string | number | undefined];

const COLUMNS: Column[] = [
  ['time', (r) => r.time],
  ['site', (r) => r.site],
  ['page_url', (r) => r.pageUrl],
  ['kind', (r) => r.kind],
  ['verdict', (r) => r.verdict],
  ['action', (r) => r.action],
  ['reason', (r) => r.reason],
  ['rule_id', (r) => r.ruleId],
  ['primitives', (r) => r.primitives?.join('; ')],
  ['url', (r) => r.url],
  ['frame_url', (r) => r.frameUrl],
  ['frame_id', (r) => r.frameId],
  ['context', (r) => r.context],
  ['api', (r) => r.api],
  ['sha256', (r) => r.sha256],
  ['sha1', (r) => r.sha1],
  ['md5', (r) => r.md5],
  ['id', (r) => r.id],
];

export const CSV_HEADERS = [...COLUMNS.map(([h]) => h), 'browser', 'extension_version'];

export function exportCsv(findings: readonly ExportableFinding[], env: ExportEnvironment): string {
  const browser = [env.browser.name, env.browser.version].filter(Boolean).join(' ') || env.browser.userAgent;
  const rows = findings.map((f) => {
    const r = toExportRecord(f);
    return [...COLUMNS.map(([, pick]) => csvCell(pick(r))), csvCell(browser), csvCell(env.extensionVersion)].join(',');
  });
  return [CSV_HEADERS.join(','), ...rows].join('\r\n') + '\r\n';
}
