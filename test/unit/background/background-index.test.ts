// The wired-up background: listeners registered at import, as the browser would load it.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TabState } from '../../../src/engine/protocol';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fake-browser')).fakeBrowser }));

import { serveListAssetsFromDisk } from './list-assets';
import { EXTENSION_ID, fakeBrowser, resetFakeBrowser } from './fake-browser';
import { BADGE_RED } from '../../../src/background/badge';
import { SETTINGS_KEY } from '../../../src/background/settings';

interface Api {
  getTabState(tabId: number): Promise<TabState>;
  listTabStates(): Promise<TabState[]>;
  getDynamicRules(): Promise<unknown[]>;
}
const api = () => (globalThis as unknown as { minerSentry: Api }).minerSentry;

const sender = (tabId: number, frameId = 0) => ({
  id: EXTENSION_ID,
  tab: { id: tabId, url: 'https://page.test/' },
  frameId,
  url: 'https://page.test/',
});
const minerFinding = (time = Date.now(), url = 'https://page.test/m.wasm') => ({
  type: 'ms:finding',
  finding: { kind: 'wasm', verdict: 'miner', action: 'blocked', reason: 'CryptoNight', url, time },
});

async function sendFinding(tabId: number, time?: number, url?: string) {
  const [reply] = fakeBrowser.runtime.onMessage.fire(minerFinding(time, url), sender(tabId));
  await reply;
}

/** Lets fire-and-forget listener work (storage writes, badge updates) finish. */
const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(async () => {
  resetFakeBrowser();
  serveListAssetsFromDisk();
  vi.resetModules();
  await import('../../../src/background/index');
});

describe('background', () => {
  it('blocks a closed pool host for that tab at the network layer until the tab closes', async () => {
    fakeBrowser.state.tabs.set(4, { id: 4, url: 'https://page.test/' });
    const pool = { type: 'ms:finding', finding: { kind: 'websocket', verdict: 'miner', action: 'blocked', reason: 'Stratum login', url: 'wss://pool.example:3333/', time: Date.now() } };
    await fakeBrowser.runtime.onMessage.fire(pool, sender(4))[0];
    for (let i = 0; i < 5; i++) await settle();
    expect(fakeBrowser.state.sessionRules).toMatchObject([
      { action: { type: 'block' }, condition: { requestDomains: ['pool.example'], tabIds: [4], resourceTypes: ['websocket'] } },
    ]);
    fakeBrowser.tabs.onRemoved.fire(4);
    for (let i = 0; i < 5; i++) await settle();
    expect(fakeBrowser.state.sessionRules).toEqual([]);
  });

  it('stores findings per tab and shows a per-tab badge', async () => {
    fakeBrowser.state.tabs.set(4, { id: 4, url: 'https://page.test/' });
    await sendFinding(4, undefined, 'https://page.test/a.wasm');
    await sendFinding(4, undefined, 'https://page.test/b.wasm');
    await settle();
    expect(fakeBrowser.state.badgeText.get(4)).toBe('2');
    expect(fakeBrowser.state.badgeColor.get(4)).toBe(BADGE_RED);
    expect(fakeBrowser.state.badgeText.has(5)).toBe(false);
    const state = await api().getTabState(4);
    expect(state).toMatchObject({ tabId: 4, url: 'https://page.test/', allowed: false, mode: 'block', badge: { text: '2' } });
    expect(state.findings).toHaveLength(2);
  });

  it('clears findings and badge on top-level navigation but not on subframe navigation', async () => {
    await sendFinding(4, Date.now() - 1000);
    fakeBrowser.webNavigation.onCommitted.fire({ tabId: 4, frameId: 3, url: 'https://ad.test/', timeStamp: Date.now() });
    await settle();
    expect((await api().getTabState(4)).findings).toHaveLength(1);
    fakeBrowser.webNavigation.onCommitted.fire({ tabId: 4, frameId: 0, url: 'https://next.test/', timeStamp: Date.now() });
    await settle();
    expect((await api().getTabState(4)).findings).toEqual([]);
    expect(fakeBrowser.state.badgeText.get(4)).toBe('');
  });

  it('forgets a tab when it closes', async () => {
    await sendFinding(6);
    fakeBrowser.tabs.onRemoved.fire(6, {});
    await settle();
    expect(await api().listTabStates()).toEqual([]);
  });

  it('repaints badges from storage after a restart', async () => {
    await sendFinding(7);
    await settle();
    fakeBrowser.state.badgeText.clear();
    vi.resetModules();
    await import('../../../src/background/index');
    await settle();
    expect(fakeBrowser.state.badgeText.get(7)).toBe('1');
  });

  it('records requests our rules blocked, only in block mode', async () => {
    const blocked = {
      url: 'https://coinhive.com/lib/coinhive.min.js',
      error: 'net::ERR_BLOCKED_BY_CLIENT',
      tabId: 9,
      frameId: 0,
      type: 'script',
      timeStamp: Date.now(),
      initiator: 'https://page.test',
    };
    fakeBrowser.webRequest.onErrorOccurred.fire(blocked);
    fakeBrowser.webRequest.onErrorOccurred.fire({ ...blocked, url: 'https://cdn.test/app.js' });
    await settle();
    await settle();
    const [finding] = (await api().getTabState(9)).findings;
    expect(finding).toMatchObject({ kind: 'blocked-request', url: blocked.url, tabId: 9, frameId: 0 });
    expect((await api().getTabState(9)).findings).toHaveLength(1);

    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { mode: 'report-only' } });
    fakeBrowser.webRequest.onErrorOccurred.fire({ ...blocked, tabId: 10 });
    await settle();
    await settle();
    expect((await api().getTabState(10)).findings).toEqual([]);
    // and the static ruleset is switched off so it stops blocking
    expect(fakeBrowser.state.enabledRulesets.has('nocoin')).toBe(false);
  });

  it('re-applies allowlist rules on install', async () => {
    await fakeBrowser.storage.local.set({ allowlist: ['kept.example'] });
    fakeBrowser.runtime.onInstalled.fire({ reason: 'update' });
    await settle();
    await settle();
    expect(await api().getDynamicRules()).toEqual([
      expect.objectContaining({ condition: { requestDomains: ['kept.example'], resourceTypes: ['main_frame'] } }),
    ]);
  });
});
