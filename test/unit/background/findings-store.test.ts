import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../../src/engine/types';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fake-browser')).fakeBrowser }));

import { fakeBrowser, resetFakeBrowser } from './fake-browser';
import { FindingsStore, MAX_FINDINGS_PER_TAB, MAX_FINDINGS_TOTAL, publicFindings } from '../../../src/background/findings-store';

const finding = (over: Partial<Finding> = {}): Finding => ({
  kind: 'wasm',
  verdict: 'miner',
  action: 'blocked',
  reason: 'test',
  time: 1_000,
  ...over,
});

let clock = 10_000;
const now = () => clock;
const newStore = () => new FindingsStore(fakeBrowser.storage.session as never, now);

beforeEach(() => {
  resetFakeBrowser();
  clock = 10_000;
});

describe('FindingsStore', () => {
  it('attaches tab, frame and a unique id to each finding', async () => {
    const store = newStore();
    await store.add(finding({ url: 'https://a.test/x.wasm' }), { tabId: 7, frameId: 3 });
    await store.add(finding({ url: 'https://a.test/y.wasm' }), { tabId: 7, frameId: 0 });
    const stored = publicFindings(await store.getTab(7));
    expect(stored.map((f) => [f.tabId, f.frameId, f.url])).toEqual([
      [7, 3, 'https://a.test/x.wasm'],
      [7, 0, 'https://a.test/y.wasm'],
    ]);
    expect(new Set(stored.map((f) => f.id)).size).toBe(2);
    expect(stored[0]).not.toHaveProperty('documentId');
  });

  it('keeps every finding of a concurrent burst', async () => {
    const store = newStore();
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => store.add(finding({ url: `https://a.test/${i}` }), { tabId: i % 3, frameId: 0 })),
    );
    const counts = (await store.listTabs()).map((t) => t.findings.length).sort();
    expect(counts).toEqual([20, 20, 20]);
  });

  it("bounds a tab, keeping the most alarming findings first and then each origin's first", async () => {
    const store = newStore();
    const adds: Promise<unknown>[] = [];
    for (let i = 0; i < MAX_FINDINGS_PER_TAB + 50; i++) {
      adds.push(store.add(
        finding({ verdict: 'clean', action: 'reported', time: 1_000 + i, url: `c${i}` }),
        { tabId: 1, frameId: i % 10, frameOrigin: `https://f${i % 10}.test` },
      ));
    }
    adds.push(store.add(finding({ verdict: 'miner', time: 500, url: 'old-miner' }), { tabId: 1, frameId: 0 }));
    await Promise.all(adds);
    const urls = (await store.getTab(1))!.findings.map((f) => f.url);
    expect(urls).toHaveLength(MAX_FINDINGS_PER_TAB);
    expect(urls).toContain('old-miner');
    expect(urls).toContain('c0'); // first evidence kept
    expect(urls).not.toContain(`c${MAX_FINDINGS_PER_TAB + 49}`); // the noisiest origins' latest turned away
    const rec = (await store.getTab(1))!;
    expect(Object.values(rec.dropped!).reduce((a, b) => a + b, 0)).toBe(51);
  });

  it('evicts the least recently changed tabs when the total bound is exceeded', async () => {
    const store = newStore();
    const tabsNeeded = Math.ceil(MAX_FINDINGS_TOTAL / MAX_FINDINGS_PER_TAB) + 1;
    for (let tab = 0; tab < tabsNeeded; tab++) {
      clock += 1;
      await Promise.all(
        Array.from({ length: MAX_FINDINGS_PER_TAB }, (_, i) =>
          store.add(finding({ time: i, url: `u${i}` }), { tabId: tab, frameId: i % 10, frameOrigin: `https://f${i % 10}.test` })),
      );
    }
    const tabs = await store.listTabs();
    const total = tabs.reduce((n, t) => n + t.findings.length, 0);
    expect(total).toBeLessThanOrEqual(MAX_FINDINGS_TOTAL);
    expect(tabs.map((t) => t.tabId)).not.toContain(0);
    expect(tabs.map((t) => t.tabId)).toContain(tabsNeeded - 1);
    expect(await fakeBrowser.storage.session.get('tab:0')).toEqual({});
  });

  it('survives a restart: a new store over the same storage.session sees the findings', async () => {
    await newStore().add(finding({ url: 'https://a.test/m.wasm' }), { tabId: 4, frameId: 0 });
    const restarted = newStore();
    expect((await restarted.getTab(4))!.findings.map((f) => f.url)).toEqual(['https://a.test/m.wasm']);
    await restarted.add(finding({ url: 'https://a.test/n.wasm' }), { tabId: 4, frameId: 1 });
    expect((await newStore().getTab(4))!.findings).toHaveLength(2);
  });

  it('clears a tab on top-level commit and drops late findings of the old document', async () => {
    const store = newStore();
    await store.add(finding({ time: 1_000 }), { tabId: 2, frameId: 0 });
    await store.commit({ tabId: 2, url: 'https://b.test/', timeStamp: 2_000 });
    expect((await store.getTab(2))!.findings).toEqual([]);
    // detected by the old page well before the commit, delivered after it
    expect(await store.add(finding({ time: 1_200 }), { tabId: 2, frameId: 0 })).toBeNull();
    await store.add(finding({ time: 2_500, url: 'new' }), { tabId: 2, frameId: 0 });
    expect((await store.getTab(2))!.findings.map((f) => f.url)).toEqual(['new']);
  });

  it("keeps the new document's findings that arrive before its onCommitted", async () => {
    const store = newStore();
    await store.commit({ tabId: 3, url: 'https://a.test/', timeStamp: 1_000 });
    await store.add(finding({ time: 1_200, url: 'old' }), { tabId: 3, frameId: 0 });
    // renderer clocks run slightly ahead of the browser's commit stamp
    await store.add(finding({ time: 2_900, url: 'early' }), { tabId: 3, frameId: 0 });
    await store.commit({ tabId: 3, url: 'https://b.test/', timeStamp: 3_000 });
    const rec = (await store.getTab(3))!;
    expect(rec.url).toBe('https://b.test/');
    expect(rec.findings.map((f) => f.url)).toEqual(['early']);
  });

  it('orders by documentId where the browser provides it', async () => {
    const store = newStore();
    await store.commit({ tabId: 5, url: 'https://a.test/', timeStamp: 1_000, documentId: 'doc-A' });
    await store.add(finding({ time: 1_100, url: 'a1' }), { tabId: 5, frameId: 0, documentId: 'doc-A' });
    // the next document's first finding overtakes its onCommitted
    await store.add(finding({ time: 2_100, url: 'b1' }), { tabId: 5, frameId: 0, documentId: 'doc-B' });
    expect((await store.getTab(5))!.findings.map((f) => f.url)).toEqual(['b1']);
    // a straggler from doc-A is not the new page's, whatever its time
    expect(await store.add(finding({ time: 2_200, url: 'a2' }), { tabId: 5, frameId: 0, documentId: 'doc-A' })).toBeNull();
    await store.commit({ tabId: 5, url: 'https://b.test/', timeStamp: 2_300, documentId: 'doc-B' });
    expect((await store.getTab(5))!.findings.map((f) => f.url)).toEqual(['b1']);
    await store.add(finding({ time: 2_400, url: 'b2' }), { tabId: 5, frameId: 0, documentId: 'doc-B' });
    await store.commit({ tabId: 5, url: 'https://c.test/', timeStamp: 2_500, documentId: 'doc-C' });
    // doc-B's finding detected after doc-C's commit stamp is still doc-B's
    expect(await store.add(finding({ time: 2_600, url: 'b3' }), { tabId: 5, frameId: 0, documentId: 'doc-B' })).toBeNull();
    expect((await store.getTab(5))!.findings).toEqual([]);
  });

  it('never lets a finding claim a detection time later than its arrival', async () => {
    const store = newStore();
    clock = 5_000;
    await store.add(finding({ time: 9_999_999 }), { tabId: 6, frameId: 0 });
    await store.commit({ tabId: 6, url: 'https://next.test/', timeStamp: 6_000 });
    expect((await store.getTab(6))!.findings).toEqual([]);
  });

  it('records a blocked URL once per frame and document', async () => {
    const store = newStore();
    const blocked = finding({ kind: 'blocked-request', url: 'https://coinhive.com/lib/coinhive.min.js', time: 2_000 });
    await Promise.all([store.add(blocked, { tabId: 9, frameId: 0 }), store.add(blocked, { tabId: 9, frameId: 0 })]);
    await store.add(blocked, { tabId: 9, frameId: 0 });
    await store.add(blocked, { tabId: 9, frameId: 4 });
    await store.add(finding({ url: blocked.url, time: 2_000 }), { tabId: 9, frameId: 0 });
    expect((await store.getTab(9))!.findings.map((f) => `${f.kind}@${f.frameId}`)).toEqual([
      'blocked-request@0',
      'blocked-request@4',
      'wasm@0',
    ]);
    await store.commit({ tabId: 9, url: 'https://next.test/', timeStamp: 5_000 });
    await store.add({ ...blocked, time: 5_100 }, { tabId: 9, frameId: 0 });
    expect((await store.getTab(9))!.findings).toHaveLength(1);
  });

  it('forgets a closed tab', async () => {
    const store = newStore();
    await store.add(finding(), { tabId: 8, frameId: 0 });
    await store.removeTab(8);
    expect(await store.getTab(8)).toBeNull();
    expect(await newStore().getTab(8)).toBeNull();
  });
});
