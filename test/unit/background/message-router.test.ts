import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fake-browser')).fakeBrowser }));

import { serveListAssetsFromDisk } from './list-assets';
import { EXTENSION_ID, EXTENSION_ORIGIN, fakeBrowser, resetFakeBrowser } from './fake-browser';
import { FindingsStore, type TabRecord } from '../../../src/background/findings-store';
import { createMessageRouter } from '../../../src/background/message-router';
import { buildTabState } from '../../../src/background/tab-state';
import { buildPageConfig } from '../../../src/background/page-config';
import { setSiteAllowed } from '../../../src/background/allowlist';

const contentSender = (tabId: number, frameId: number, extra: Partial<Runtime.MessageSender> = {}): Runtime.MessageSender => ({
  id: EXTENSION_ID,
  tab: { id: tabId, url: 'https://page.test/', index: 0, highlighted: false, active: true, pinned: false, incognito: false },
  frameId,
  url: frameId === 0 ? 'https://page.test/' : 'https://frame.test/',
  ...extra,
});
const popupSender: Runtime.MessageSender = { id: EXTENSION_ID, url: `${EXTENSION_ORIGIN}src/ui/popup/index.html` };

const findingMsg = (over: Record<string, unknown> = {}) => ({
  type: 'ms:finding',
  finding: { kind: 'wasm', verdict: 'miner', action: 'blocked', reason: 'CryptoNight', time: 1, ...over },
});

let store: FindingsStore;
let storedTabs: TabRecord[];
let route: ReturnType<typeof createMessageRouter>;

beforeEach(() => {
  resetFakeBrowser();
  serveListAssetsFromDisk();
  store = new FindingsStore(fakeBrowser.storage.session as never);
  storedTabs = [];
  route = createMessageRouter({
    store,
    pageConfig: buildPageConfig,
    tabState: (id) => buildTabState(store, id),
    setSiteAllowed,
    stored: (rec) => storedTabs.push(rec),
  });
});

describe('message router', () => {
  it('takes tab and frame from the sender, never from the payload', async () => {
    const msg = { ...findingMsg(), tabId: 99, frameId: 42, finding: { ...findingMsg().finding, tabId: 99, frameId: 42 } };
    await expect(route(msg, contentSender(12, 3))).resolves.toEqual({ ok: true });
    expect(await store.getTab(99)).toBeNull();
    const [f] = (await store.getTab(12))!.findings;
    expect([f.tabId, f.frameId]).toEqual([12, 3]);
    expect(storedTabs.map((r) => r.tabId)).toEqual([12]);
  });

  it('ignores findings from other extensions, from non-tab senders and from hidden documents', async () => {
    expect(route(findingMsg(), { ...contentSender(1, 0), id: 'someone-else' })).toBeUndefined();
    expect(route(findingMsg(), { id: EXTENSION_ID, url: 'https://x.test/' })).toBeUndefined();
    expect(route(findingMsg(), contentSender(1, 0, { documentLifecycle: 'prerender' } as never))).toBeUndefined();
    expect(await store.listTabs()).toEqual([]);
  });

  it('drops malformed findings', async () => {
    expect(route(findingMsg({ verdict: 'totally-a-miner' }), contentSender(1, 0))).toBeUndefined();
    expect(route(findingMsg({ time: 'now' }), contentSender(1, 0))).toBeUndefined();
    expect(route({ type: 'ms:finding' }, contentSender(1, 0))).toBeUndefined();
    expect(await store.listTabs()).toEqual([]);
  });

  it('answers tab-state and allowlist changes only to extension pages', async () => {
    expect(route({ type: 'ms:get-tab-state', tabId: 1 }, contentSender(1, 0))).toBeUndefined();
    expect(route({ type: 'ms:set-site-allowed', host: 'page.test', allowed: true }, contentSender(1, 0))).toBeUndefined();
    expect(fakeBrowser.state.dynamicRules).toEqual([]);

    fakeBrowser.state.tabs.set(12, { id: 12, url: 'https://page.test/path' });
    await route(findingMsg(), contentSender(12, 0));
    const state = (await route({ type: 'ms:get-tab-state', tabId: 12 }, popupSender)) as { findings: unknown[]; url: string; badge: { text: string } };
    expect(state.url).toBe('https://page.test/path');
    expect(state.findings).toHaveLength(1);
    expect(state.badge.text).toBe('1');
  });

  it('allows a site from the popup and reports it in page config and tab state', async () => {
    await expect(route({ type: 'ms:set-site-allowed', host: 'page.test', allowed: true }, popupSender)).resolves.toEqual({ ok: true });
    expect(fakeBrowser.state.dynamicRules).toHaveLength(1);

    const top = (await route({ type: 'ms:get-page-config', url: 'https://page.test/' }, contentSender(1, 0))) as { allowed: boolean; mode: string; rules: string };
    expect(top.allowed).toBe(true);
    expect(top.mode).toBe('block');
    // a third-party frame inherits its top-level site's decision
    const frame = (await route({ type: 'ms:get-page-config', url: 'https://frame.test/' }, contentSender(1, 2))) as { allowed: boolean };
    expect(frame.allowed).toBe(true);
    const other = (await route({ type: 'ms:get-page-config', url: 'https://other.test/' }, contentSender(2, 0, { url: 'https://other.test/' }))) as { allowed: boolean };
    expect(other.allowed).toBe(false);
  });

  it('rejects hosts that are not host names', () => {
    for (const host of ['', 'a b', 'page.test/path', '*', 42]) {
      expect(route({ type: 'ms:set-site-allowed', host, allowed: true }, popupSender)).toBeUndefined();
    }
  });

  it('serves page rules of the built-in and NoCoin lists without domain rules, as JSON', async () => {
    const config = (await route({ type: 'ms:get-page-config', url: 'https://page.test/' }, contentSender(1, 0))) as { rules: string };
    const rules = JSON.parse(config.rules) as { domains: { hosts: string[] }; scriptUrlRegexes: unknown[]; urlRegexes: unknown[] };
    expect(rules.domains.hosts).toEqual([]);
    expect(rules.scriptUrlRegexes.length).toBeGreaterThan(0); // built-in
    expect(rules.urlRegexes.length).toBeGreaterThan(0); // NoCoin's URL filters
  });
});
