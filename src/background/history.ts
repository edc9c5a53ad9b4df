import type { Storage } from 'webextension-polyfill';
import type { StoredFinding } from '../engine/protocol';
import { siteHost } from './site-host';
import { boundFindings } from './findings-store';

export const HISTORY_KEY = 'history';
/** storage.local is read whole for the Activity view; this keeps it to a few megabytes. */
export const MAX_HISTORY = 5000;
const DAY_MS = 86_400_000;

/** A finding as the Activity view keeps it: the page it happened on outlives the tab. */
export interface HistoryEntry extends StoredFinding {
  pageUrl: string;
  site: string | null;
}

/**
 * Past findings, across tabs and navigations, in storage.local. Bounded by count and by the
 * user's retention in days. Writes go through one chain (findings arrive in bursts).
 */
export class FindingHistory {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly area: Pick<Storage.StorageArea, 'get' | 'set'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds the findings not recorded yet (by id); resolves with the ones that were new. */
  record(findings: readonly StoredFinding[], pageUrl: string, retentionDays: number): Promise<HistoryEntry[]> {
    return this.serial(async (entries) => {
      const known = new Set(entries.map((e) => e.id));
      const fresh = findings.filter((f) => !known.has(f.id)).map((f) => ({ ...f, pageUrl, site: siteHost(pageUrl) }));
      if (fresh.length === 0) return { entries, result: fresh };
      return { entries: this.bounded([...entries, ...fresh], retentionDays), result: fresh };
    });
  }

  /** Drops entries older than the retention; run daily and when the retention changes. */
  prune(retentionDays: number): Promise<HistoryEntry[]> {
    return this.serial(async (entries) => {
      const kept = this.bounded(entries, retentionDays);
      return { entries: kept, result: kept };
    });
  }

  list(): Promise<HistoryEntry[]> {
    return this.serial(async (entries) => ({ entries, result: entries }));
  }

  clear(): Promise<void> {
    return this.serial(async () => ({ entries: [], result: undefined }));
  }

  private bounded(entries: HistoryEntry[], retentionDays: number): HistoryEntry[] {
    const cutoff = this.now() - retentionDays * DAY_MS;
    return boundFindings(entries.filter((e) => e.time >= cutoff), MAX_HISTORY);
  }

  private serial<T>(op: (entries: HistoryEntry[]) => Promise<{ entries: HistoryEntry[]; result: T }>): Promise<T> {
    const run = this.chain.then(async () => {
      const stored = (await this.area.get(HISTORY_KEY))[HISTORY_KEY];
      const before = Array.isArray(stored) ? (stored as HistoryEntry[]) : [];
      const { entries, result } = await op(before);
      if (entries !== before) await this.area.set({ [HISTORY_KEY]: entries });
      return result;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}
