import { describe, expect, it } from 'vitest';
import { ANY, NO_SITE, countBySite, countsPerDay, dayKey, filterHistory } from '../../../src/ui/options/activity-data';
import type { HistoryEntry } from '../../../src/background/history';

const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).getTime();
const entry = (time: number, over: Partial<HistoryEntry> = {}): HistoryEntry => ({
  kind: 'wasm', verdict: 'miner', action: 'blocked', reason: 'r', time, tabId: 1, frameId: 0, id: String(time) + (over.site ?? ''),
  pageUrl: 'https://a.example/', site: 'a.example', ...over,
});

describe('activity data', () => {
  it('counts detections per local day, oldest first, including empty days', () => {
    const now = at(2026, 3, 10, 9);
    const days = countsPerDay([entry(at(2026, 3, 10, 1)), entry(at(2026, 3, 10, 23)), entry(at(2026, 3, 8)), entry(at(2026, 2, 1))], now, 4);
    expect(days).toEqual([
      { day: '2026-03-07', count: 0 },
      { day: '2026-03-08', count: 1 },
      { day: '2026-03-09', count: 0 },
      { day: '2026-03-10', count: 2 },
    ]);
    expect(dayKey(at(2026, 12, 31, 23))).toBe('2026-12-31');
  });

  it('filters by kind, verdict and site, and counts per site', () => {
    const list = [
      entry(1, { site: 'a.example' }),
      entry(2, { site: 'b.example', kind: 'websocket' }),
      entry(3, { site: 'b.example', verdict: 'suspicious' }),
      entry(4, { site: null }),
    ];
    expect(filterHistory(list, { kind: ANY, verdict: ANY, site: 'b.example' })).toHaveLength(2);
    expect(filterHistory(list, { kind: 'websocket', verdict: ANY, site: ANY }).map((e) => e.time)).toEqual([2]);
    expect(filterHistory(list, { kind: ANY, verdict: 'suspicious', site: ANY }).map((e) => e.time)).toEqual([3]);
    expect(filterHistory(list, { kind: ANY, verdict: ANY, site: NO_SITE }).map((e) => e.time)).toEqual([4]);
    expect(countBySite(list)).toEqual([['b.example', 2], [NO_SITE, 1], ['a.example', 1]]);
  });
});
