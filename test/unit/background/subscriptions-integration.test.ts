// The wired background with an admin policy in managed storage and a scripted list server:
// updates arrive through the alarm, accepted lists become DNR and page rules, failures keep
// the last good list and show up in the options page model with their reasons.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fake-browser')).fakeBrowser }));

// Resolved once here, so the mock keeps handing out this file's fakeBrowser after vi.resetModules().
import 'webextension-polyfill';
import { EXTENSION_ID, EXTENSION_ORIGIN, fakeBrowser, resetFakeBrowser } from './fake-browser';
import { serveListAssetsFromDisk } from './list-assets';
import { fakeServer } from '../engine/subscriptions/fake-server';
import { generateKeyPair, type KeyPair } from '../../../src/engine/signing';
import { signedFor } from '../engine/subscriptions/signed-list';
import type { OptionsModel } from '../../../src/background/options-model';
import type { PageRules } from '../../../src/engine/rules/index';

const SUBSCRIPTION_ALARM = 'ms:subscriptions';
const LIST_URL = 'https://lists.example/miners.txt';
const LIST = '[Adblock Plus 2.0]\n! Title: SecOps\n||evil-pool.example^\n/mine-[0-9]+\\.js/$script\n';
const optionsPage = { id: EXTENSION_ID, url: `${EXTENSION_ORIGIN}src/ui/options/index.html` };
const settle = async (rounds = 6) => { for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0)); };

let server: ReturnType<typeof fakeServer>;
let keys: KeyPair;
let clock: number;
let sequence: number;

async function serve(text: string, signWith: string = text, headers: Record<string, string> = {}) {
  const signature = await signedFor(LIST_URL, signWith, keys.privateKey, { sequence: ++sequence, now: clock });
  server.routes.set(LIST_URL, () => new Response(text, { headers }));
  server.routes.set(`${LIST_URL}.sig`, () => new Response(signature));
}

async function ask<T>(message: Record<string, unknown>): Promise<T> {
  const [reply] = fakeBrowser.runtime.onMessage.fire(message, optionsPage).filter((r: unknown) => r !== undefined);
  return (await reply) as T;
}

const model = () => ask<OptionsModel>({ type: 'ms:get-options' });

/** The alarm the manager asked for has come: run it as the browser would. */
async function fireSubscriptionAlarm() {
  clock = Math.max(clock, fakeBrowser.state.alarms.get(SUBSCRIPTION_ALARM)?.when ?? clock);
  fakeBrowser.alarms.onAlarm.fire({ name: SUBSCRIPTION_ALARM });
  await settle(20);
}

async function pageRules(): Promise<PageRules> {
  const sender = { id: EXTENSION_ID, tab: { id: 1, url: 'https://site.test/' }, frameId: 0, url: 'https://site.test/' };
  const [config] = fakeBrowser.runtime.onMessage.fire({ type: 'ms:get-page-config', url: 'https://site.test/' }, sender);
  return JSON.parse((await config).rules) as PageRules;
}

const blockedHosts = () => fakeBrowser.state.dynamicRules.flatMap((r) => ((r.condition as { requestDomains?: string[] }).requestDomains ?? []).filter(() => (r.action as { type: string }).type === 'block'));

beforeEach(async () => {
  resetFakeBrowser();
  keys ??= await generateKeyPair();
  server = fakeServer();
  clock = 1_700_000_000_000;
  sequence = 0;
  vi.spyOn(Date, 'now').mockImplementation(() => clock);
  serveListAssetsFromDisk();
  const assets = globalThis.fetch;
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) =>
    String(input).startsWith('https://lists.example/') ? server.fetch(input, init) : assets(input, init));
  await fakeBrowser.storage.managed.set({
    subscriptions: [{ url: LIST_URL, name: 'SecOps list', requireSignature: true }],
    trustedKeys: [{ id: 'secops', publicKey: keys.publicKey }],
    updateIntervalMinutes: 60,
  });
  vi.resetModules();
  await import('../../../src/background/index');
});

describe('background subscriptions', () => {
  it('accepts a signed list: its host is blocked by DNR and its regex reaches the page', async () => {
    await serve(LIST, LIST, { etag: '"v1"' });
    fakeBrowser.runtime.onInstalled.fire({ reason: 'install' });
    await settle(30);
    expect(blockedHosts()).toContain('evil-pool.example');
    const [sub] = (await model()).subscriptions;
    expect(sub).toMatchObject({ url: LIST_URL, fromPolicy: true, requireSignature: true, inForce: { ruleCount: 2, signedBy: 'secops' } });
    expect(sub.error).toBeUndefined();
    expect(sub.networkRules).toBeGreaterThan(0);
    // Domain rules are DNR's; the page gets the URL regex only.
    expect(JSON.stringify(await pageRules())).toContain('mine-');
    expect(JSON.stringify(await pageRules())).not.toContain('evil-pool');
    expect(fakeBrowser.state.alarms.get(SUBSCRIPTION_ALARM)?.when).toBeGreaterThan(clock);
  });

  it('keeps the last good list when the next one is tampered with, a bad regex or 304', async () => {
    await serve(LIST, LIST, { etag: '"v1"' });
    fakeBrowser.runtime.onInstalled.fire({ reason: 'install' });
    await settle(30);
    expect(blockedHosts()).toContain('evil-pool.example');

    // Tampered: the body changed after signing.
    await serve(`${LIST}||other.example^\n`, LIST);
    await fireSubscriptionAlarm();
    let [sub] = (await model()).subscriptions;
    expect(sub.error).toMatchObject({ kind: 'signature' });
    expect(sub.inForce?.ruleCount).toBe(2);
    expect(blockedHosts()).toContain('evil-pool.example');
    expect(blockedHosts()).not.toContain('other.example');

    // Signed, but the rule on line 5 has a regex that backtracks catastrophically.
    const badRegex = [
      '{"format": "miner-sentry-rules", "version": 1, "name": "SecOps",',
      ' "rules": [',
      '  {"id": "pool", "type": "domain", "pattern": "evil-pool.example", "action": "block", "severity": "high"},',
      '  {"id": "ok", "type": "script-url", "pattern": "miner\\\\.js", "action": "block", "severity": "high"},',
      '  {"id": "bad", "type": "script-url", "pattern": "(a+)+b", "action": "block", "severity": "high"}',
      ' ]}',
    ].join('\n');
    await serve(badRegex);
    await fireSubscriptionAlarm();
    [sub] = (await model()).subscriptions;
    expect(sub.error).toMatchObject({ kind: 'validation', line: 5 });
    expect(sub.error?.message).toContain('bad');
    expect(sub.failures).toBe(2);
    expect(blockedHosts()).toContain('evil-pool.example');

    // Not modified: kept, error cleared, validator sent.
    server.routes.set(LIST_URL, () => new Response(null, { status: 304 }));
    await fireSubscriptionAlarm();
    [sub] = (await model()).subscriptions;
    expect(sub.error).toBeUndefined();
    expect(sub.inForce?.ruleCount).toBe(2);
    expect(server.requests.at(-1)?.headers.get('if-none-match')).toBe('"v1"');
  });

  it('backs off while the server is down and says why in the options model', async () => {
    server.routes.set(LIST_URL, () => { throw new TypeError('Failed to fetch'); });
    fakeBrowser.runtime.onInstalled.fire({ reason: 'install' });
    await settle(30);
    const first = (await model()).subscriptions[0];
    expect(first.error).toMatchObject({ kind: 'network' });
    expect(first.error?.message).toContain('could not be reached');
    expect(first.inForce).toBeUndefined();
    const firstDelay = first.nextAttempt! - clock;

    server.routes.set(LIST_URL, () => new Response('down', { status: 503, statusText: 'Service Unavailable' }));
    await fireSubscriptionAlarm();
    const second = (await model()).subscriptions[0];
    expect(second.error).toMatchObject({ kind: 'http', status: 503 });
    expect(second.failures).toBe(2);
    // Retries come sooner than the hourly interval and grow.
    expect(firstDelay).toBeLessThan(60 * 60_000);
    expect(second.nextAttempt! - clock).toBeGreaterThan(firstDelay);
    expect(blockedHosts()).not.toContain('evil-pool.example');
  });

  it('"update now" from the options page fetches at once and returns the new model', async () => {
    await serve(LIST);
    const updated = await ask<OptionsModel>({ type: 'ms:update-subscriptions' });
    expect(updated.subscriptions[0].inForce?.ruleCount).toBe(2);
    await settle(10);
    expect(blockedHosts()).toContain('evil-pool.example');
  });
  it('policy-wide requireSignature refuses the user\'s own unsigned subscription (issue 9, attack 7)', async () => {
    const USER_URL = 'https://lists.example/user.txt';
    await fakeBrowser.storage.managed.set({
      trustedKeys: [{ id: 'secops', publicKey: keys.publicKey }],
      requireSignature: true,
    });
    await settle(10);
    server.routes.set(USER_URL, () => new Response('||user-listed.example^\n'));
    await ask({ type: 'ms:update-settings', patch: { subscriptions: [{ url: USER_URL }] } });
    const updated = await ask<OptionsModel>({ type: 'ms:update-subscriptions' });
    const sub = updated.subscriptions.find((s) => s.url === USER_URL);
    expect(updated.policyErrors).toEqual([]);
    expect(sub).toMatchObject({ fromPolicy: false, requireSignature: true, error: { kind: 'signature' } });
    expect(sub?.inForce).toBeUndefined();
    await settle(10);
    expect(blockedHosts()).not.toContain('user-listed.example');
  });
});
