// Chromium breaking around a page: the extension's service worker stopped mid-page, then
// the whole browser restarted on the same profile. Findings, badge, blocking and the
// allowlist must come through both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LISTED_HOST, findingsTable, waitFor } from '../harness';
import { startStaticServer, type StaticServer } from './lib/static-server';
import { launchChromium, newProfileDir, removeProfileDir, tabStateWhere, type ExtensionChromium } from './lib/chromium-profile';

type FaultsWindow = { compileMiner(label: string): Promise<string>; loadListed(port: number, label: string): Promise<string> };

let server: StaticServer;
let profile: string;
let browser: ExtensionChromium;

const pageUrl = () => `${server.origin}/rel/faults.html`;
const allowedUrl = () => `http://localhost:${server.port}/rel/faults.html`;
const listedRequests = () => server.requests.filter((r) => r.host === LISTED_HOST);
const compileMiner = (page: Page, label: string) => page.evaluate((l) => (window as unknown as FaultsWindow).compileMiner(l), label);
const loadListed = (page: Page, label: string) => page.evaluate(({ port, l }) => (window as unknown as FaultsWindow).loadListed(port, l), { port: server.port, l: label });

async function badgeText(tabId: number): Promise<string> {
  const w = await browser.worker();
  return w.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

async function dynamicAllowHosts(): Promise<string[]> {
  const w = await browser.worker();
  const rules = await w.evaluate(() => chrome.declarativeNetRequest.getDynamicRules());
  return rules.filter((r) => r.action.type === 'allowAllRequests').flatMap((r) => r.condition.requestDomains ?? []);
}

/** Service worker targets of our extension, as the browser lists them over CDP. */
async function workerTargets(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    return targetInfos.filter((t) => t.type === 'service_worker' && t.url.includes(browser.extensionId)).length;
  } finally {
    await cdp.detach();
  }
}

beforeAll(async () => {
  server = await startStaticServer();
  profile = await newProfileDir();
  browser = await launchChromium(profile);
});

afterAll(async () => {
  await browser?.close();
  if (profile) await removeProfileDir(profile);
  await server?.close();
});

describe('chromium: extension service worker stopped in the middle of a page', () => {
  let page: Page;
  let before: string[];

  beforeAll(async () => {
    page = await browser.newPage(pageUrl());
    expect(await compileMiner(page, 'before')).toBe('CompileError');
    expect(await loadListed(page, 'before')).toBe('blocked');
    const state = await tabStateWhere(browser, pageUrl(), (s) => s.findings.length === 2, 'a wasm and a blocked-request finding');
    before = state.findings.map((f) => f.id);
    expect(await badgeText(state.tabId)).toBe('2');
  });

  it('stops for real, then findings made while it was down arrive once it restarts', async () => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    await waitFor(async () => (await workerTargets(page)) === 0, { what: 'the service worker to stop' });

    // Sent while no worker runs: the message itself has to start it.
    expect(await compileMiner(page, 'after')).toBe('CompileError');
    expect(await loadListed(page, 'after')).toBe('blocked');
    const state = await tabStateWhere(browser, pageUrl(), (s) => s.findings.length === 4, 'both new findings after the restart');
    expect(state.findings.map((f) => f.id).slice(0, 2), findingsTable(state.findings)).toEqual(before);
    expect(state.findings.filter((f) => f.kind === 'wasm').map((f) => f.action)).toEqual(['blocked', 'blocked']);
    expect(state.findings.filter((f) => f.kind === 'blocked-request')).toHaveLength(2);
    expect(await badgeText(state.tabId)).toBe('4');
    expect(listedRequests()).toEqual([]);
  });
});

describe('chromium: browser restarted on the same profile', () => {
  beforeAll(async () => {
    // The user allows one site through the popup, as docs/automation.md describes.
    const site = await browser.newPage(allowedUrl());
    const popup = await browser.newPage(`chrome-extension://${browser.extensionId}/src/ui/popup/index.html?tabUrl=${encodeURIComponent(allowedUrl())}`);
    await popup.waitForSelector('body[data-state="ready"]');
    // The checkbox sits under a styled switch; a click on the element is what the user's click on the switch does.
    await popup.locator('#site-toggle').dispatchEvent('click');
    await popup.waitForSelector('#site-reload', { state: 'visible' });
    expect(await dynamicAllowHosts()).toEqual(['localhost']);
    await site.close();
    await browser.close();
    browser = await launchChromium(profile);
  });

  it('still blocks the listed host with the static ruleset', async () => {
    const page = await browser.newPage(pageUrl());
    expect(await loadListed(page, 'restarted')).toBe('blocked');
    expect(await compileMiner(page, 'restarted')).toBe('CompileError');
    expect(listedRequests()).toEqual([]);
    const state = await tabStateWhere(browser, pageUrl(), (s) => s.findings.length === 2, 'the findings of the restarted browser');
    expect(state.findings.map((f) => f.kind).sort()).toEqual(['blocked-request', 'wasm']);
  });

  it('keeps the allowlist: the allowed site loads the listed script and runs the module', async () => {
    expect(await dynamicAllowHosts()).toEqual(['localhost']);
    const page = await browser.newPage(allowedUrl());
    expect(await loadListed(page, 'allowed')).toBe('loaded');
    expect(await compileMiner(page, 'allowed')).toBe('ran');
    expect(listedRequests().map((r) => r.path)).toEqual(['/rel/listed.js']);
  });
});
