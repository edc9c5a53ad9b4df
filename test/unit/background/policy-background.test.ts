// Admin policy in managed storage, applied by the wired background.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fake-browser')).fakeBrowser }));

// Resolved once here, so the mock keeps handing out this file's fakeBrowser after vi.resetModules().
import 'webextension-polyfill';
import { EXTENSION_ID, EXTENSION_ORIGIN, fakeBrowser, resetFakeBrowser } from './fake-browser';
import { serveListAssetsFromDisk } from './list-assets';
import type { OptionsModel } from '../../../src/background/options-model';
import type { PopupTabState } from '../../../src/background/tab-state';

const popup = { id: EXTENSION_ID, url: `${EXTENSION_ORIGIN}src/ui/popup/index.html` };
const page = (tabId: number, url: string) => ({ id: EXTENSION_ID, tab: { id: tabId, url }, frameId: 0, url });
const settle = async (rounds = 10) => { for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0)); };

async function ask<T>(message: Record<string, unknown>, sender: object = popup): Promise<T> {
  const [reply] = fakeBrowser.runtime.onMessage.fire(message, sender).filter((r: unknown) => r !== undefined);
  return (await reply) as T;
}

const INLINE = {
  format: 'miner-sentry-rules', version: 1, name: 'Org rules',
  rules: [{ id: 'org-pool', type: 'domain', pattern: 'org-pool.example', action: 'block', severity: 'high' }],
};

async function start(policy: Record<string, unknown>, local: Record<string, unknown> = {}) {
  await fakeBrowser.storage.managed.set(policy);
  await fakeBrowser.storage.local.set(local);
  vi.resetModules();
  await import('../../../src/background/index');
  fakeBrowser.runtime.onInstalled.fire({ reason: 'install' });
  await settle(30);
}

beforeEach(() => {
  resetFakeBrowser();
  serveListAssetsFromDisk();
});

describe('policy in the background', () => {
  it('a locked mode holds against the user\'s stored choice and per-site modes', async () => {
    await start({ mode: 'block', lockMode: true }, { settings: { mode: 'off', siteModes: { 'shop.example': 'off' } } });
    fakeBrowser.state.tabs.set(3, { id: 3, url: 'https://shop.example/' });
    const config = await ask<{ mode: string }>({ type: 'ms:get-page-config', url: 'https://shop.example/' }, page(3, 'https://shop.example/'));
    expect(config.mode).toBe('block');
    expect(fakeBrowser.state.enabledRulesets.has('nocoin')).toBe(true);
    const model = await ask<OptionsModel>({ type: 'ms:get-options' });
    expect(model.settings.mode).toMatchObject({ value: 'block', locked: true, source: 'policy' });
    expect(model.settings.managed).toBe(true);
    // A later change to storage.local (devtools, an old options page) doesn't override either.
    await fakeBrowser.storage.local.set({ settings: { mode: 'report-only' } });
    await settle();
    expect((await ask<PopupTabState>({ type: 'ms:get-tab-state', tabId: 3 })).mode).toBe('block');
  });

  it('without the lock the user\'s mode wins, but "off" is refused when the admin forbids it', async () => {
    await start({ mode: 'report-only', allowUserDisable: false }, { settings: { mode: 'off' } });
    const model = await ask<OptionsModel>({ type: 'ms:get-options' });
    expect(model.settings.mode).toMatchObject({ value: 'report-only', locked: false, choices: ['block', 'report-only'] });
    expect(fakeBrowser.state.enabledRulesets.has('nocoin')).toBe(false);
  });

  it('refuses user allowlist changes when the policy forbids them, and says why', async () => {
    await start({ allowlist: ['intranet.example'], allowUserAllowlist: false }, { allowlist: ['mine.example'] });
    const reply = await ask({ type: 'ms:set-site-allowed', host: 'other.example', allowed: true });
    expect(reply).toEqual({ ok: false, reason: 'user-allowlist-disabled' });
    expect((await fakeBrowser.storage.local.get('allowlist')).allowlist).toEqual(['mine.example']);
    // Only the admin's entry reaches DNR; the user's stored one is ignored.
    const allowed = fakeBrowser.state.dynamicRules.filter((r) => (r.action as { type: string }).type === 'allowAllRequests');
    expect(allowed.map((r) => (r.condition as { requestDomains: string[] }).requestDomains)).toEqual([['intranet.example']]);
    fakeBrowser.state.tabs.set(4, { id: 4, url: 'https://www.intranet.example/' });
    const state = await ask<PopupTabState>({ type: 'ms:get-tab-state', tabId: 4 });
    expect(state).toMatchObject({ allowed: true, siteLock: 'policy-allowlist', managed: true });
  });

  it('users may add sites next to the admin\'s when allowed, but not remove the admin\'s', async () => {
    await start({ allowlist: ['intranet.example'] });
    expect(await ask({ type: 'ms:set-site-allowed', host: 'blog.example', allowed: true })).toEqual({ ok: true });
    expect(await ask({ type: 'ms:set-site-allowed', host: 'intranet.example', allowed: false })).toEqual({ ok: false, reason: 'policy-allowlist' });
    const hosts = fakeBrowser.state.dynamicRules.flatMap((r) => (r.condition as { requestDomains: string[] }).requestDomains);
    expect(hosts.sort()).toEqual(['blog.example', 'intranet.example']);
  });

  it('merges inline policy rules into DNR, and drops them when the policy goes', async () => {
    await start({ inlineRules: INLINE });
    const blockHosts = () => fakeBrowser.state.dynamicRules
      .filter((r) => (r.action as { type: string }).type === 'block')
      .flatMap((r) => (r.condition as { requestDomains?: string[] }).requestDomains ?? []);
    expect(blockHosts()).toContain('org-pool.example');
    await fakeBrowser.storage.managed.remove('inlineRules');
    fakeBrowser.storage.onChanged.fire({ inlineRules: { oldValue: INLINE } }, 'managed');
    await settle(30);
    expect(blockHosts()).not.toContain('org-pool.example');
  });

  it('lists policy problems for the options page', async () => {
    await start({ mode: 'turbo', allowlist: ['ok.example', 'not a host'] });
    const model = await ask<OptionsModel>({ type: 'ms:get-options' });
    expect(model.policyErrors.join('\n')).toMatch(/mode: must be one of/);
    expect(model.policyErrors.join('\n')).toMatch(/allowlist\[1\]/);
    expect(model.settings.allowlist.fromPolicy).toEqual(['ok.example']);
  });
});

describe('history and notifications', () => {
  const miner = (time: number) => ({ type: 'ms:finding', finding: { kind: 'wasm', verdict: 'miner', action: 'blocked', reason: 'CryptoNight', url: `https://shop.example/m${serial++}.wasm`, time } });
  // Distinct modules: the store folds repeats of one finding into a count.
  let serial = 0;

  it('keeps findings in the Activity history and notifies once per page load when opted in', async () => {
    await start({}, { settings: { notifications: true } });
    fakeBrowser.webNavigation.onCommitted.fire({ tabId: 5, frameId: 0, url: 'https://shop.example/', timeStamp: Date.now() - 10 });
    await settle();
    await ask(miner(Date.now()), page(5, 'https://shop.example/'));
    await ask(miner(Date.now()), page(5, 'https://shop.example/'));
    await settle();
    expect(fakeBrowser.state.notifications).toHaveLength(1);
    expect(String(fakeBrowser.state.notifications[0].options.message)).toContain('shop.example');

    fakeBrowser.webNavigation.onCommitted.fire({ tabId: 5, frameId: 0, url: 'https://shop.example/', timeStamp: Date.now() + 5 });
    await settle();
    await ask(miner(Date.now() + 10), page(5, 'https://shop.example/'));
    await settle();
    expect(fakeBrowser.state.notifications).toHaveLength(2);

    const history = await ask<{ site: string; id: string }[]>({ type: 'ms:get-history' });
    expect(history).toHaveLength(3);
    expect(new Set(history.map((h) => h.id)).size).toBe(3);
    expect(history.every((h) => h.site === 'shop.example')).toBe(true);
    await ask({ type: 'ms:clear-history' });
    expect(await ask({ type: 'ms:get-history' })).toEqual([]);
  });

  it('does not notify without the opt-in', async () => {
    await start({});
    await ask(miner(Date.now()), page(6, 'https://shop.example/'));
    await settle();
    expect(fakeBrowser.state.notifications).toEqual([]);
    expect(await ask<unknown[]>({ type: 'ms:get-history' })).toHaveLength(1);
  });
});
