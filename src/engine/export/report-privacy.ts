// What a report may carry. Reports leave the browser for an admin's server, so they hold
// the evidence of mining and no more: only findings worth acting on, and URLs without
// their query and fragment (session ids, tokens, search terms, e-mail addresses live
// there) unless the admin's policy opts in with `reportFullUrls`.
import type { ExportableFinding } from './types';

/**
 * Miners, suspicious code and anything blocked. Clean and crypto-capable verdicts are
 * diagnostics; behaviour-only findings (a busy worker, no miner code seen) are a heuristic
 * that fires on ordinary heavy pages, so they are sent only once they were judged a miner
 * or blocked.
 */
export function isReportable(f: Pick<ExportableFinding, 'kind' | 'verdict' | 'action'>): boolean {
  if (f.action === 'blocked' || f.verdict === 'miner') return true;
  return f.verdict === 'suspicious' && f.kind !== 'behaviour';
}

/** The URL without query, fragment and credentials; a data: URL keeps only its media type. */
export function reportUrl(raw: string): string {
  if (/^data:/i.test(raw)) return raw.slice(0, Math.max(5, raw.indexOf(','))).slice(0, 100);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw.replace(/[?#][\s\S]*$/, '');
  }
  url.search = '';
  url.hash = '';
  url.username = '';
  url.password = '';
  return url.href;
}

// Reasons are our sentences, but some quote the URL that triggered them.
const URL_IN_TEXT = /\b(?:https?|wss?|blob):\/\/[^\s"'<>]+/gi;

/** The finding as a report carries it. */
export function reportView<T extends ExportableFinding>(f: T, fullUrls: boolean): T {
  if (fullUrls) return f;
  const out = { ...f, reason: f.reason.replace(URL_IN_TEXT, (u) => reportUrl(u)) };
  if (out.url) out.url = reportUrl(out.url);
  if (out.frameUrl) out.frameUrl = reportUrl(out.frameUrl);
  if (out.pageUrl) out.pageUrl = reportUrl(out.pageUrl);
  return out;
}
