import type { HistoryEntry } from '../../background/history';

export interface HistoryFilter { kind: string; verdict: string; site: string }
export const ANY = '';
/** Stands for findings outside any web site; no host name can look like it. */
export const NO_SITE = '(none)';

const siteOf = (e: HistoryEntry) => e.site ?? NO_SITE;

export function filterHistory(entries: readonly HistoryEntry[], f: HistoryFilter): HistoryEntry[] {
  return entries.filter((e) =>
    (f.kind === ANY || e.kind === f.kind) &&
    (f.verdict === ANY || e.verdict === f.verdict) &&
    (f.site === ANY || siteOf(e) === f.site));
}

/** Sites by number of findings, most first; findings without a web site count under NO_SITE. */
export function countBySite(entries: readonly HistoryEntry[]): [site: string, count: number][] {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(siteOf(e), (counts.get(siteOf(e)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** Local calendar day of a time stamp, as YYYY-MM-DD. */
export function dayKey(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Findings per local day for the `days` days up to and including `now`'s, oldest first. */
export function countsPerDay(entries: readonly HistoryEntry[], now: number, days: number): { day: string; count: number }[] {
  const out: { day: string; count: number }[] = [];
  const today = new Date(now);
  for (let i = days - 1; i >= 0; i--) {
    // Calendar arithmetic rather than 24 h steps, so a DST change can't skip or repeat a day.
    out.push({ day: dayKey(new Date(today.getFullYear(), today.getMonth(), today.getDate() - i, 12).getTime()), count: 0 });
  }
  const index = new Map(out.map((d, i) => [d.day, i]));
  for (const e of entries) {
    const i = index.get(dayKey(e.time));
    if (i !== undefined) out[i].count++;
  }
  return out;
}
