import type { Storage } from 'webextension-polyfill';
import type { StoredFinding } from '../engine/protocol';
import { siteHost } from './site-host';
import { boundFindings } from './findings-store';
import { boundByBytes } from './byte-bound';

export const HISTORY_KEY = 'history';
/** storage.local is read whole for the Activity view; this keeps it to a few megabytes. */
export const MAX_HISTORY = 5000;
/** storage.local holds 10 MB without `unlimitedStorage`; the history may take this much of it. */
export const MAX_HISTORY_BYTES = 3 * 1024 * 1024;
/** How long staged findings wait before they are written together. */
export const HISTORY_FLUSH_DELAY_MS = 2000;
/** Staged findings that force a write before the timer: bounds the memory a flood can hold. */
export const MAX_STAGED = 500;
const DAY_MS = 86_400_000;

/** A finding as the Activity view keeps it: the page it happened on outlives the tab. */
export interface HistoryEntry extends StoredFinding {
  pageUrl: string;
  site: string | null;
}

export interface HistoryOptions {
  /** Runs `flush` later; tests pass their own to decide when staged findings are written. */
  schedule?: (flush: () => void, delayMs: number) => void;
  /** Told of the entries each write added, once they are stored (the report queue takes them). */
  onWritten?: (fresh: HistoryEntry[]) => Promise<void> | void;
}

/**
 * Past findings, across tabs and navigations, in storage.local, bounded by count, by bytes
 * and by the user's retention in days.
 *
 * Writes are batched: `record` only stages findings in memory, and one write takes all
 * staged ones HISTORY_FLUSH_DELAY_MS later (or at once past MAX_STAGED), so a flood costs
 * a write per batch, not per finding. The findings themselves sit in storage.session (the
 * tab store) until then, and the background stages every stored tab again when it wakes,
 * so a service worker stopped before the write loses only findings of tabs that closed or
 * navigated in that window, plus repeat counts.
 */
export class FindingHistory {
  private chain: Promise<unknown> = Promise.resolve();
  private staged = new Map<string, HistoryEntry>();
  private known: Promise<Set<string>> | null = null;
  private retentionDays = 30;
  private flushScheduled = false;
  private readonly schedule: NonNullable<HistoryOptions['schedule']>;

  constructor(
    private readonly area: Pick<Storage.StorageArea, 'get' | 'set'>,
    private readonly now: () => number = Date.now,
    private readonly options: HistoryOptions = {},
  ) {
    this.schedule = options.schedule ?? ((flush, delay) => void setTimeout(flush, delay));
  }

  /** Stages the findings; resolves with those that history had not seen yet (by id). */
  async record(findings: readonly StoredFinding[], pageUrl: string, retentionDays: number): Promise<HistoryEntry[]> {
    this.retentionDays = retentionDays;
    const known = await this.knownIds();
    const fresh: HistoryEntry[] = [];
    for (const f of findings) {
      const entry = { ...f, pageUrl, site: siteHost(pageUrl) };
      if (!known.has(f.id) && !this.staged.has(f.id)) fresh.push(entry);
      this.staged.set(f.id, entry);
    }
    if (this.staged.size >= MAX_STAGED) void this.flush().catch(() => undefined);
    else if (this.staged.size > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      this.schedule(() => void this.flush().catch(() => undefined), HISTORY_FLUSH_DELAY_MS);
    }
    return fresh;
  }

  /** Writes what is staged in one `set`; resolves with the entries that were new to history. */
  flush(): Promise<HistoryEntry[]> {
    this.flushScheduled = false;
    return this.serial(async (entries) => {
      if (this.staged.size === 0) return { entries, result: [] };
      const batch = this.staged;
      this.staged = new Map();
      let changed = false;
      const merged = entries.map((e) => {
        const update = batch.get(e.id);
        if (!update) return e;
        batch.delete(e.id);
        if ((update.count ?? 1) === (e.count ?? 1)) return e;
        changed = true;
        return { ...e, count: update.count };
      });
      // Ids this history held since the worker started, including ones the bounds gave up
      // since: a tab staged again must not bring an evicted entry back (nor report it twice).
      const known = await this.knownIds();
      const fresh = [...batch.values()].filter((e) => !known.has(e.id));
      if (fresh.length === 0 && !changed) return { entries, result: [] };
      const kept = this.bounded([...merged, ...fresh], this.retentionDays);
      const keptIds = new Set(kept.map((e) => e.id));
      return { entries: kept, result: fresh.filter((e) => keptIds.has(e.id)) };
    }).then(async (fresh) => {
      if (fresh.length && this.options.onWritten) await this.options.onWritten(fresh);
      return fresh;
    });
  }

  /** Drops entries older than the retention; run daily and when the retention changes. */
  prune(retentionDays: number): Promise<HistoryEntry[]> {
    this.retentionDays = retentionDays;
    return this.serial(async (entries) => {
      const kept = this.bounded(entries, retentionDays);
      return { entries: kept.length === entries.length ? entries : kept, result: kept };
    });
  }

  async list(): Promise<HistoryEntry[]> {
    await this.flush();
    return this.serial(async (entries) => ({ entries, result: entries }));
  }

  clear(): Promise<void> {
    this.staged.clear();
    return this.serial(async () => {
      this.known = Promise.resolve(new Set());
      return { entries: [], result: undefined };
    });
  }

  private bounded(entries: HistoryEntry[], retentionDays: number): HistoryEntry[] {
    const cutoff = this.now() - retentionDays * DAY_MS;
    return boundByBytes(boundFindings(entries.filter((e) => e.time >= cutoff), MAX_HISTORY), MAX_HISTORY_BYTES);
  }

  private knownIds(): Promise<Set<string>> {
    this.known ??= this.area.get(HISTORY_KEY).then((all) => {
      const stored = all[HISTORY_KEY];
      return new Set(Array.isArray(stored) ? (stored as HistoryEntry[]).map((e) => e.id) : []);
    });
    return this.known;
  }

  private serial<T>(op: (entries: HistoryEntry[]) => Promise<{ entries: HistoryEntry[]; result: T }>): Promise<T> {
    const run = this.chain.then(async () => {
      const stored = (await this.area.get(HISTORY_KEY))[HISTORY_KEY];
      const before = Array.isArray(stored) ? (stored as HistoryEntry[]) : [];
      const { entries, result } = await op(before);
      if (entries !== before) {
        await this.area.set({ [HISTORY_KEY]: entries });
        const known = await this.knownIds();
        for (const e of entries) known.add(e.id);
      }
      return result;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}
