// Evidence export and reports: what leaves the extension, as JSON or CSV. Plain data in,
// strings out, so the options page, the report queue and the tests share one formatter.
import type { Finding } from '../types';

/** A finding as the background keeps it, with where it happened when known. */
export interface ExportableFinding extends Finding {
  id?: string;
  tabId?: number;
  frameId?: number;
  count?: number;
  /** The top-level page the finding belongs to. */
  pageUrl?: string;
  site?: string | null;
}

export interface ExportEnvironment {
  extensionVersion: string;
  browser: {
    userAgent: string;
    /** Firefox: `runtime.getBrowserInfo()`; Chrome has no such call and leaves these out. */
    name?: string;
    version?: string;
  };
}

/** One finding in the export, every field a JSON primitive or a flat list (docs/export.md). */
export interface ExportRecord {
  id?: string;
  /** ISO 8601, UTC. */
  time: string;
  kind: Finding['kind'];
  verdict: Finding['verdict'];
  action: Finding['action'];
  reason: string;
  ruleId?: string;
  primitives?: string[];
  url?: string;
  frameUrl?: string;
  frameId?: number;
  /** Repeats of the same finding in that frame; left out when it was reported once. */
  count?: number;
  pageUrl?: string;
  site?: string;
  context?: NonNullable<Finding['context']>;
  api?: string;
  sha256?: string;
  sha1?: string;
  md5?: string;
}

export const EXPORT_FORMAT = 'miner-sentry-findings';
export const REPORT_FORMAT = 'miner-sentry-report';
export const FORMAT_VERSION = 1;

export interface FindingsExport {
  format: typeof EXPORT_FORMAT;
  version: typeof FORMAT_VERSION;
  generatedAt: string;
  extension: { name: 'Miner Sentry'; version: string };
  browser: ExportEnvironment['browser'];
  findings: ExportRecord[];
}

export interface FindingsReport extends Omit<FindingsExport, 'format' | 'generatedAt'> {
  format: typeof REPORT_FORMAT;
  /** Stable across retries of the same batch, so a receiver can drop duplicates. */
  batchId: string;
  sentAt: string;
}
