// Attack 5 of issue 9: a page floods the background with forged findings from many
// iframe origins. The store, the Activity history and the report queue are wired as the
// background wires them (router → store → history → queue), with the timers handed to
// the test so that what is counted is storage writes, never time.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../../src/engine/types';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fake-browser')).fakeBrowser }));

import { EXTENSION_ID, fakeBrowser, resetFakeBrowser } from './fake-browser';
import { FindingsStore, publicFindings, MAX_FINDINGS_PER_TAB } from '../../../src/background/findings-store';
import { FindingHistory, HISTORY_KEY, MAX_HISTORY_BYTES } from '../../../src/background/history';
import { MAX_QUEUE_BYTES, REPORT_QUEUE_KEY, ReportQueue, type ReportQueueState } from '../../../src/background/report-queue';
import { createMessageRouter } from '../../../src/background/message-router';
import { MAX_TAB_BYTES } from '../../../src/background/tab-budget';
import { jsonBytes } from '../../../src/background/json-bytes';

const FORGED = 10_000;
const ORIGINS = 50;
const TAB = 7;
const MINER_URL = 'https://shop.test/miner.wasm';

function countSets(area: { set: (items: Record<string, unknown>) => Promise<void> }): { n: number } {
  const counter = { n: 0 };
  const set = area.set.bind(area);
  area.set = async (items) => {
    counter.n++;
    return set(items);
  };
  return counter;
}

function wire() {
  const timers: (() => void)[] = [];
  const schedule = (flush: () => void) => void timers.push(flush);
  let clock = 1_000_000;
  const store = new FindingsStore(fakeBrowser.storage.session as never, () => clock, undefined, { schedule });
  const reports = new ReportQueue({
    area: fakeBrowser.storage.local as never,
    fetch: (async () => { throw new TypeError('endpoint down'); }) as unknown as typeof fetch,
    now: () => clock,
    newId: () => crypto.randomUUID(),
    target: async () => ({ endpoint: 'https://soc.example/in' }),
    environment: async () => ({ extensionVersion: '0.1.0', browser: { userAgent: 'UA' } }),
    schedule: () => undefined,
  });
  const history = new FindingHistory(fakeBrowser.storage.local as never, () => clock, {
    schedule,
    onWritten: (fresh) => reports.enqueue(fresh),
  });
  const pending: Promise<unknown>[] = [];
  const route = createMessageRouter({
    store,
    pageConfig: async () => ({ mode: 'block', allowed: false, rules: '' }),
    tabState: async () => { throw new Error('unused'); },
    setSiteAllowed: async () => ({ ok: true }),
    stored: (rec) => void pending.push(history.record(publicFindings(rec), rec.url, 30)),
  });
  const send = (finding: Finding, frameId: number, origin: string) => route(
    { type: 'ms:finding', finding },
    { id: EXTENSION_ID, tab: { id: TAB, url: 'https://shop.test/' }, frameId, url: `${origin}/frame.html`, origin } as never,
  ) as Promise<unknown>;
  /** What the timers would have done once the flood is over. */
  const runTimers = async () => {
    while (timers.length) timers.shift()!();
    await Promise.all(pending);
    await store.flush();
    await history.flush();
  };
  return { store, history, send, runTimers, tick: (ms: number) => { clock += ms; } };
}

const forged = (i: number): Finding => ({
  kind: 'wasm',
  verdict: 'suspicious',
  action: 'reported',
  reason: `suspicious module ${i} ${'x'.repeat(900)}`,
  // Long URLs: a count bound alone would let these fill storage.session.
  url: `https://ad${i % ORIGINS}.test/${i}/${'p'.repeat(3900)}.wasm`,
  time: 1_000_000,
});
const miner: Finding = {
  kind: 'wasm', verdict: 'miner', action: 'blocked', reason: 'miner (CryptoNight)', url: MINER_URL, time: 1_000_000,
};

beforeEach(() => resetFakeBrowser());

describe('flood of forged findings from many iframe origins (issue 9, attack 5)', () => {
  it('keeps the real miner in the tab, the history and the report queue, with bounded writes and bytes', async () => {
    const sessionSets = countSets(fakeBrowser.storage.session);
    const localSets = countSets(fakeBrowser.storage.local);
    const bg = wire();
    // Some of the flood first, then the miner, then the rest: it must survive what follows.
    for (let i = 0; i < FORGED; i++) {
      if (i === 300) await bg.send(miner, 0, 'https://shop.test');
      await bg.send(forged(i), 1 + (i % ORIGINS), `https://ad${i % ORIGINS}.test`);
    }
    await bg.runTimers();

    const tab = (await bg.store.getTab(TAB))!;
    expect(tab.findings.map((f) => f.url)).toContain(MINER_URL);
    expect(tab.findings.length).toBeLessThanOrEqual(MAX_FINDINGS_PER_TAB);
    const kept = tab.findings.length - 1;
    expect(Object.values(tab.dropped ?? {}).reduce((a, b) => a + b, 0)).toBe(FORGED - kept);
    // What a restarted worker would read back.
    const stored = (await fakeBrowser.storage.session.get(`tab:${TAB}`))[`tab:${TAB}`] as { findings: { url?: string }[] };
    expect(stored.findings.map((f) => f.url)).toContain(MINER_URL);
    expect(jsonBytes(stored)).toBeLessThanOrEqual(MAX_TAB_BYTES + 64 * 1024);

    const history = (await fakeBrowser.storage.local.get(HISTORY_KEY))[HISTORY_KEY] as { url?: string }[];
    expect(history.map((f) => f.url)).toContain(MINER_URL);
    expect(jsonBytes(history)).toBeLessThanOrEqual(MAX_HISTORY_BYTES);

    const queue = (await fakeBrowser.storage.local.get(REPORT_QUEUE_KEY))[REPORT_QUEUE_KEY] as ReportQueueState;
    expect(queue.items.map((f) => f.url)).toContain(MINER_URL);
    expect(jsonBytes(queue.items)).toBeLessThanOrEqual(MAX_QUEUE_BYTES);

    // Today's code wrote the tab, the history and the queue once per finding: 10 000 each.
    console.info(`flood: ${sessionSets.n} storage.session writes, ${localSets.n} storage.local writes for ${FORGED + 1} findings`);
    expect(sessionSets.n).toBeLessThanOrEqual(50);
    expect(localSets.n).toBeLessThanOrEqual(10);
  }, 300_000);

  it('writes a miner found after the write budget is spent at the next flush, and keeps it over a restart', async () => {
    const bg = wire();
    for (let i = 0; i < 2_000; i++) await bg.send(forged(i), 1 + (i % ORIGINS), `https://ad${i % ORIGINS}.test`);
    await bg.send(miner, 0, 'https://shop.test');
    await bg.runTimers();
    const restarted = new FindingsStore(fakeBrowser.storage.session as never);
    expect((await restarted.getTab(TAB))!.findings.map((f) => f.url)).toContain(MINER_URL);
  }, 120_000);

  it('folds repeats of one finding into a count that costs no write', async () => {
    const sessionSets = countSets(fakeBrowser.storage.session);
    const bg = wire();
    for (let i = 0; i < 1_000; i++) await bg.send(forged(1), 2, 'https://ad1.test');
    await bg.runTimers();
    const tab = (await bg.store.getTab(TAB))!;
    expect(tab.findings).toHaveLength(1);
    expect(tab.findings[0]!.count).toBe(1_000);
    expect(sessionSets.n).toBeLessThanOrEqual(2);
  });
});
