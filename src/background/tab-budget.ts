// What one tab may keep in storage.session. A page controls how many findings its frames
// report (each frame's bridge admits up to 500), and it can open many iframes on many
// origins, so the store bounds a tab by entries and by bytes, and every frame origin by
// entries, and gives up the least valuable entries of the noisiest origin first.
import type { Finding } from '../engine/types';
import { evidenceValue } from './evidence-value';
import { jsonBytes } from './json-bytes';

export const MAX_FINDINGS_PER_ORIGIN = 40;
/** A finding can carry a few KiB of URLs and text; 200 of them fit well within this. */
export const MAX_TAB_BYTES = 512 * 1024;
/** Origins named in a tab's drop summary; the rest are counted together. */
export const MAX_DROPPED_ORIGINS = 32;
export const OTHER_ORIGINS = '*';
/** Findings the browser itself observed (blocked requests) rather than a frame's bridge. */
export const NETWORK_ORIGIN = 'network';

export interface BudgetedFinding extends Finding {
  frameId: number;
  /** The reporting frame's origin, from the message sender: the budget's unit. */
  origin?: string;
  /** How many times this finding was reported; absent means once. */
  count?: number;
}

export interface TabLimits {
  perOrigin: number;
  perTab: number;
  bytes: number;
}

/**
 * Repeats of one finding fold into one entry, so a page re-reporting costs a counter, not
 * storage. A repeat is the same finding in every field but its time, from the same frame:
 * the same module through another API is other evidence. A blocked URL is one finding per
 * frame however often the page retries it (or Firefox preloads it).
 */
export function aggregationKey(f: Finding, frameId: number): string {
  if (f.kind === 'blocked-request') return JSON.stringify([f.kind, f.url ?? '', frameId]);
  return JSON.stringify([
    f.kind, f.verdict, f.action, f.reason, f.ruleId ?? '', f.primitives ?? [], f.url ?? '', f.frameUrl ?? '',
    f.context ?? '', f.hashes ?? {}, f.api ?? '', frameId,
  ]);
}

const keys = new WeakMap<object, string>();

export function entryKey(f: BudgetedFinding): string {
  let k = keys.get(f);
  if (k === undefined) {
    k = aggregationKey(f, f.frameId);
    keys.set(f, k);
  }
  return k;
}

const sizes = new WeakMap<object, number>();

export function entryBytes(f: object): number {
  let n = sizes.get(f);
  if (n === undefined) {
    n = jsonBytes(f);
    sizes.set(f, n);
  }
  return n;
}

/** Adds to a tab's "N more findings from <origin> dropped" summary, bounded in origins. */
export function countDropped(dropped: Record<string, number>, origin: string | undefined, n = 1): void {
  let key = origin ?? OTHER_ORIGINS;
  if (!Object.hasOwn(dropped, key) && Object.keys(dropped).length >= MAX_DROPPED_ORIGINS) key = OTHER_ORIGINS;
  dropped[key] = (dropped[key] ?? 0) + n;
}

/**
 * Index of the entry to give up: the lowest value; among those, one from the origin that
 * holds the most entries (ties go to `prefer`, the origin whose finding caused the
 * eviction), and within that origin the newest. Dropping an origin's newest rather than
 * its oldest keeps its first evidence and means a flooding origin's extra findings are
 * turned away instead of churning the record: each one would otherwise be a write, a
 * history entry and a report.
 */
export function pickVictim(entries: readonly BudgetedFinding[], prefer?: string): number {
  const perOrigin = new Map<string | undefined, number>();
  let lowest = Infinity;
  for (const e of entries) {
    perOrigin.set(e.origin, (perOrigin.get(e.origin) ?? 0) + 1);
    lowest = Math.min(lowest, evidenceValue(e));
  }
  let best = -1;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (evidenceValue(e) !== lowest) continue;
    if (best < 0) { best = i; continue; }
    const b = entries[best]!;
    const load = perOrigin.get(e.origin)! - perOrigin.get(b.origin)!;
    if (load > 0) best = i;
    else if (load === 0 && e.origin !== b.origin && e.origin === prefer) best = i;
    else if (load === 0 && e.origin === b.origin && e.time >= b.time) best = i;
  }
  return best;
}

/** Trims `entries` to the limits, counting what went in `dropped`; returns the kept entries in their order. */
export function enforceTabBudget<T extends BudgetedFinding>(
  entries: readonly T[],
  dropped: Record<string, number>,
  limits: TabLimits,
  prefer?: string,
): T[] {
  const kept = [...entries];
  const byOrigin = new Map<string | undefined, T[]>();
  for (const e of kept) byOrigin.set(e.origin, [...(byOrigin.get(e.origin) ?? []), e]);
  for (const [origin, own] of byOrigin) {
    while (own.length > limits.perOrigin) {
      const [victim] = own.splice(pickVictim(own), 1);
      kept.splice(kept.indexOf(victim!), 1);
      countDropped(dropped, origin, victim!.count ?? 1);
    }
  }
  let bytes = kept.reduce((n, e) => n + entryBytes(e), 0);
  while (kept.length > 0 && (kept.length > limits.perTab || bytes > limits.bytes)) {
    const [victim] = kept.splice(pickVictim(kept, prefer), 1);
    bytes -= entryBytes(victim!);
    countDropped(dropped, victim!.origin, victim!.count ?? 1);
  }
  return kept;
}
