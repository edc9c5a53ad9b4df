import type { Storage } from 'webextension-polyfill';
import type { Finding } from '../engine/types';
import type { StoredFinding } from '../engine/protocol';
import { byAlarm } from './verdict-rank';

export const MAX_FINDINGS_PER_TAB = 200;
export const MAX_FINDINGS_TOTAL = 3000;

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
type Record_ = StoredFinding & { documentId?: string };

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
}

export interface FindingOrigin {
  tabId: number;
  frameId: number;
  /** The sender's document, where the browser reports it. */
  documentId?: string;
  /** The tab's URL as the sender saw it; used until a commit tells us better. */
  tabUrl?: string;
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

  constructor(
    private readonly area: Storage.StorageArea,
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  /** Adds a finding; resolves with the tab's record once written, or null if it was judged stale. */
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
      tabs.set(c.tabId, rec);
      await this.area.set({ [KEY_PREFIX + c.tabId]: rec });
      return rec;
    });
  }

  removeTab(tabId: number): Promise<void> {
    return this.serial(async (tabs) => {
      tabs.delete(tabId);
      await this.area.remove(KEY_PREFIX + tabId);
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

  private async applyBatch(
    tabs: Map<number, TabRecord>,
    tabId: number,
    items: { finding: Finding; origin: FindingOrigin }[],
  ): Promise<TabRecord | null> {
    let rec = tabs.get(tabId);
    let accepted = 0;
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
        }
        rec.documentId = topDoc;
      } else if (!topDoc && finding.time < rec.committedAt - CLOCK_SLACK_MS) {
        continue;
      }
      if (isRepeatedBlock(rec, finding, origin.frameId)) continue;
      rec.findings.push({ ...finding, tabId, frameId: origin.frameId, id: this.newId(), documentId: topDoc });
      accepted++;
    }
    if (!rec || accepted === 0) return null;
    rec.findings = boundFindings(rec.findings, MAX_FINDINGS_PER_TAB);
    rec.touched = this.now();
    tabs.set(tabId, rec);
    const writes: Record<string, TabRecord> = { [KEY_PREFIX + tabId]: rec };
    const evicted = evictForTotal(tabs, tabId);
    await this.area.set(writes);
    if (evicted.length) await this.area.remove(evicted.map((id) => KEY_PREFIX + id));
    return rec;
  }
}

/**
 * A page that retries a blocked script, or Firefox's speculative preload followed by the real
 * load, blocks the same URL again and again: one entry per frame says it all.
 */
function isRepeatedBlock(rec: TabRecord, f: Finding, frameId: number): boolean {
  return (
    f.kind === 'blocked-request' &&
    rec.findings.some((s) => s.kind === 'blocked-request' && s.url === f.url && s.frameId === frameId)
  );
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

/** Drops whole tabs, least recently changed first, until the total fits; never the tab just written. */
function evictForTotal(tabs: Map<number, TabRecord>, current: number): number[] {
  let total = 0;
  for (const rec of tabs.values()) total += rec.findings.length;
  const evicted: number[] = [];
  const oldestFirst = [...tabs.values()].filter((r) => r.tabId !== current).sort((a, b) => a.touched - b.touched);
  for (const rec of oldestFirst) {
    if (total <= MAX_FINDINGS_TOTAL) break;
    total -= rec.findings.length;
    tabs.delete(rec.tabId);
    evicted.push(rec.tabId);
  }
  return evicted;
}

/** What leaves the background: the stored finding without the store's bookkeeping. */
export function publicFindings(rec: TabRecord | null): StoredFinding[] {
  return (rec?.findings ?? []).map(({ documentId: _doc, ...f }) => f);
}
