import type { Storage } from 'webextension-polyfill';
import type { Finding } from '../engine/types';
import type { StoredFinding } from '../engine/protocol';
import { byAlarm } from './verdict-rank';
import { isMinerEvidence } from './evidence-value';
import {
  aggregationKey, enforceTabBudget, entryBytes, entryKey, MAX_FINDINGS_PER_ORIGIN, MAX_TAB_BYTES, type BudgetedFinding,
} from './tab-budget';

export const MAX_FINDINGS_PER_TAB = 200;
export const MAX_FINDINGS_TOTAL = 3000;
/** storage.session holds 10 MB for the whole extension; findings may take this much of it. */
export const MAX_SESSION_BYTES = 4 * 1024 * 1024;
/** Tab writes a flood may cause at once, and per second after that; beyond them writes are coalesced. */
export const WRITE_BURST = 30;
export const WRITES_PER_SECOND = 2;
/** How long coalesced changes wait in memory before they are written. */
export const FLUSH_DELAY_MS = 1000;

const KEY_PREFIX = 'tab:';
const MAX_RETIRED_DOCUMENTS = 8;
/**
 * The browser stamps a commit when it processes it, while the new document's renderer may
 * already be running scripts (and making requests) a few milliseconds earlier. Where no
 * documentId settles it, a finding up to this long before the commit counts as the new
 * document's: losing a miner's first finding is worse than carrying over a straggler.
 */
const CLOCK_SLACK_MS = 500;

/** A finding plus the document it came from, which only the store needs (to order navigations). */
type Record_ = StoredFinding & BudgetedFinding & { documentId?: string };

export interface TabRecord {
  tabId: number;
  /** URL of the top-level document the findings belong to. */
  url: string;
  /** When that document committed (ms since epoch); findings detected earlier belong to its predecessor. */
  committedAt: number;
  documentId?: string;
  /** Top-level documents this tab showed before, whose late messages are dropped. */
  retired: string[];
  findings: Record_[];
  /** Last change, for evicting whole tabs when the total bound is hit. */
  touched: number;
  /** Findings given up to the budget, per frame origin: "N more findings from <origin> dropped". */
  dropped?: Record<string, number>;
}

export interface FindingOrigin {
  tabId: number;
  frameId: number;
  /** The sender's document, where the browser reports it. */
  documentId?: string;
  /** The tab's URL as the sender saw it; used until a commit tells us better. */
  tabUrl?: string;
  /** The reporting frame's origin as the browser names it; each origin has its own budget. */
  frameOrigin?: string;
}

export interface StoreOptions {
  /** Runs `flush` later; tests pass their own to decide when coalesced changes are written. */
  schedule?: (flush: () => void, delayMs: number) => void;
}

export interface Commit {
  tabId: number;
  url: string;
  timeStamp: number;
  documentId?: string;
}

/**
 * Findings per tab, kept in `storage.session` so a service-worker restart loses nothing.
 *
 * All changes go through one promise chain: bursts of findings and navigations arrive
 * concurrently, and an unserialised read-modify-write would drop some of them. Findings
 * for the same tab queued while a write is in flight go out together in one write.
 *
 * Navigation ordering: the findings of a new document can reach us before or after its
 * `webNavigation.onCommitted`, and late messages of the old document can arrive after it.
 * Where the browser names documents (sender.documentId, webNavigation documentId) that
 * settles it for top-level findings. Otherwise a finding belongs to the document that was
 * committed when it was detected: its detection time (clamped to arrival time, so it can't
 * claim the future) is compared with the commit's time stamp.
 */
export class FindingsStore {
  private cache: Promise<Map<number, TabRecord>> | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private pending = new Map<number, { items: { finding: Finding; origin: FindingOrigin }[]; done: Promise<TabRecord | null> }>();
  /** Tabs changed in memory whose write was coalesced; written by `flush`. */
  private dirty = new Set<number>();
  private flushScheduled = false;
  private writeTokens = new Map<number, { tokens: number; at: number }>();
  private readonly schedule: NonNullable<StoreOptions['schedule']>;

  constructor(
    private readonly area: Storage.StorageArea,
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = () => crypto.randomUUID(),
    options: StoreOptions = {},
  ) {
    this.schedule = options.schedule ?? ((flush, delay) => void setTimeout(flush, delay));
  }

  /** Adds a finding; resolves with the tab's record once stored, or null if nothing new was kept. */
  add(finding: Finding, origin: FindingOrigin): Promise<TabRecord | null> {
    const queued = this.pending.get(origin.tabId);
    const item = { finding: { ...finding, time: Math.min(finding.time, this.now()) }, origin };
    if (queued) {
      queued.items.push(item);
      return queued.done;
    }
    const batch = { items: [item], done: null as unknown as Promise<TabRecord | null> };
    this.pending.set(origin.tabId, batch);
    batch.done = this.serial(async (tabs) => {
      this.pending.delete(origin.tabId);
      return this.applyBatch(tabs, origin.tabId, batch.items);
    });
    return batch.done;
  }

  /** A top-level document committed: drop what belonged to its predecessor. */
  commit(c: Commit): Promise<TabRecord> {
    return this.serial(async (tabs) => {
      const old = tabs.get(c.tabId);
      const sameDocument = Boolean(c.documentId && old?.documentId === c.documentId);
      const retired = old?.documentId && !sameDocument ? [...old.retired, old.documentId] : old?.retired ?? [];
      const rec: TabRecord = {
        tabId: c.tabId,
        url: c.url,
        committedAt: c.timeStamp,
        documentId: c.documentId,
        retired: retired.slice(-MAX_RETIRED_DOCUMENTS),
        findings: (old?.findings ?? []).filter((f) => belongsToCommit(f, c)),
        touched: this.now(),
      };
      if (sameDocument && old?.dropped) rec.dropped = old.dropped;
      tabs.set(c.tabId, rec);
      this.dirty.delete(c.tabId);
      await this.area.set({ [KEY_PREFIX + c.tabId]: rec });
      return rec;
    });
  }

  removeTab(tabId: number): Promise<void> {
    return this.serial(async (tabs) => {
      tabs.delete(tabId);
      this.dirty.delete(tabId);
      this.writeTokens.delete(tabId);
      await this.area.remove(KEY_PREFIX + tabId);
    });
  }

  /**
   * Writes the changes that were held back, in one `set`. Runs on a timer after a
   * coalesced change; the background also calls it when the event page is about to be
   * unloaded. A service worker stopped before the timer loses those changes: at most
   * FLUSH_DELAY_MS of one flooding tab's findings and repeat counts.
   */
  flush(): Promise<void> {
    this.flushScheduled = false;
    return this.serial(async (tabs) => {
      if (this.dirty.size === 0) return;
      const writes: Record<string, TabRecord> = {};
      for (const tabId of this.dirty) {
        const rec = tabs.get(tabId);
        if (rec) writes[KEY_PREFIX + tabId] = rec;
      }
      this.dirty.clear();
      if (Object.keys(writes).length) await this.area.set(writes);
    });
  }

  async getTab(tabId: number): Promise<TabRecord | null> {
    await this.chain;
    return (await this.load()).get(tabId) ?? null;
  }

  async listTabs(): Promise<TabRecord[]> {
    await this.chain;
    return [...(await this.load()).values()];
  }

  private serial<T>(op: (tabs: Map<number, TabRecord>) => Promise<T>): Promise<T> {
    const run = this.chain.then(async () => op(await this.load()));
    // A failed write must not wedge every later one.
    this.chain = run.catch(() => undefined);
    return run;
  }

  private load(): Promise<Map<number, TabRecord>> {
    this.cache ??= this.area.get(null).then((all) => {
      const tabs = new Map<number, TabRecord>();
      for (const [key, value] of Object.entries(all)) {
        if (key.startsWith(KEY_PREFIX)) tabs.set(Number(key.slice(KEY_PREFIX.length)), value as TabRecord);
      }
      return tabs;
    });
    return this.cache;
  }

  /** Per-tab token bucket for immediate writes: a flood gets its first writes, then one per flush. */
  private mayWriteNow(tabId: number): boolean {
    const now = this.now();
    const b = this.writeTokens.get(tabId) ?? { tokens: WRITE_BURST, at: now };
    b.tokens = Math.min(WRITE_BURST, b.tokens + (Math.max(0, now - b.at) / 1000) * WRITES_PER_SECOND);
    b.at = now;
    this.writeTokens.set(tabId, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private holdBack(tabId: number): void {
    this.dirty.add(tabId);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.schedule(() => void this.flush().catch(() => undefined), FLUSH_DELAY_MS);
  }

  private async applyBatch(
    tabs: Map<number, TabRecord>,
    tabId: number,
    items: { finding: Finding; origin: FindingOrigin }[],
  ): Promise<TabRecord | null> {
    let rec = tabs.get(tabId);
    const added: Record_[] = [];
    let repeated = false;
    let prefer: string | undefined;
    for (const { finding, origin } of items) {
      // No commit seen for this tab yet (e.g. it was open before the extension started).
      rec ??= { tabId, url: origin.tabUrl ?? '', committedAt: 0, retired: [], findings: [], touched: 0 };
      const topDoc = origin.frameId === 0 ? origin.documentId : undefined;
      if (topDoc && topDoc !== rec.documentId) {
        if (rec.retired.includes(topDoc)) continue; // a late message from a previous document
        if (rec.documentId) {
          // The new document's finding beat its own onCommitted here: start its record now.
          rec = {
            tabId,
            url: origin.tabUrl ?? rec.url,
            committedAt: finding.time,
            documentId: topDoc,
            retired: [...rec.retired, rec.documentId].slice(-MAX_RETIRED_DOCUMENTS),
            findings: [],
            touched: 0,
          };
          added.length = 0;
        }
        rec.documentId = topDoc;
      } else if (!topDoc && finding.time < rec.committedAt - CLOCK_SLACK_MS) {
        continue;
      }
      const key = aggregationKey(finding, origin.frameId);
      const same = rec.findings.find((s) => entryKey(s) === key);
      if (same) {
        same.count = (same.count ?? 1) + 1;
        repeated = true;
        continue;
      }
      const entry: Record_ = { ...finding, tabId, frameId: origin.frameId, id: this.newId(), documentId: topDoc };
      if (origin.frameOrigin) entry.origin = origin.frameOrigin;
      rec.findings.push(entry);
      added.push(entry);
      prefer = origin.frameOrigin;
    }
    if (!rec || (added.length === 0 && !repeated)) return null;
    const dropped = { ...rec.dropped };
    rec.findings = enforceTabBudget(rec.findings, dropped, {
      perOrigin: MAX_FINDINGS_PER_ORIGIN, perTab: MAX_FINDINGS_PER_TAB, bytes: MAX_TAB_BYTES,
    }, prefer);
    if (Object.keys(dropped).length) rec.dropped = dropped;
    const kept = added.filter((f) => rec!.findings.includes(f));
    rec.touched = this.now();
    tabs.set(tabId, rec);
    if (kept.length === 0) {
      // Only counters moved: worth keeping, not worth a write of its own.
      this.holdBack(tabId);
      return null;
    }
    const evicted = evictForTotal(tabs, tabId);
    for (const id of evicted) this.dirty.delete(id);
    if (this.mayWriteNow(tabId)) {
      this.dirty.delete(tabId);
      await this.area.set({ [KEY_PREFIX + tabId]: rec });
    } else {
      this.holdBack(tabId);
    }
    if (evicted.length) await this.area.remove(evicted.map((id) => KEY_PREFIX + id));
    return rec;
  }
}

function belongsToCommit(f: Record_, c: Commit): boolean {
  if (c.documentId && f.documentId) return f.documentId === c.documentId;
  return f.time >= c.timeStamp - CLOCK_SLACK_MS;
}

/** Keeps the most alarming, then newest, findings, in detection order. */
export function boundFindings<T extends Finding>(findings: T[], max: number): T[] {
  if (findings.length <= max) return findings;
  const keep = new Set(
    [...findings].sort(byAlarm).slice(0, max),
  );
  return findings.filter((f) => keep.has(f));
}

function tabBytes(rec: TabRecord): number {
  return rec.findings.reduce((n, f) => n + entryBytes(f), 0);
}

/**
 * Drops whole tabs until the total fits by count and by bytes; never the tab just written.
 * Tabs without miner evidence go first, then the least recently changed.
 */
function evictForTotal(tabs: Map<number, TabRecord>, current: number): number[] {
  let total = 0;
  let bytes = 0;
  for (const rec of tabs.values()) {
    total += rec.findings.length;
    bytes += tabBytes(rec);
  }
  const evicted: number[] = [];
  const hasMiner = (r: TabRecord) => (r.findings.some(isMinerEvidence) ? 1 : 0);
  const order = [...tabs.values()].filter((r) => r.tabId !== current)
    .sort((a, b) => hasMiner(a) - hasMiner(b) || a.touched - b.touched);
  for (const rec of order) {
    if (total <= MAX_FINDINGS_TOTAL && bytes <= MAX_SESSION_BYTES) break;
    total -= rec.findings.length;
    bytes -= tabBytes(rec);
    tabs.delete(rec.tabId);
    evicted.push(rec.tabId);
  }
  return evicted;
}

/** What leaves the background: the stored finding without the store's bookkeeping. */
export function publicFindings(rec: TabRecord | null): StoredFinding[] {
  return (rec?.findings ?? []).map(({ documentId: _doc, origin: _origin, ...f }) => f);
}
