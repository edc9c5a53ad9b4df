// Chromium with the extension on a profile the test owns, so it can reach what the shared
// harness hides: the service worker, CDP, and a restart on the same user-data dir.
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TabState } from '../../../../src/engine/protocol';
import { CHROMIUM_BASE_FLAGS } from '../../../../scripts/chromium-flags.mjs';
import { builtExtensionDir, CHROMIUM_PATH, MAPPED_HOSTS } from '../../harness/constants';
import { findingsTable } from '../../harness/findings-table';
import { EVENT_WAIT_MS, waitFor } from '../../harness/wait-for';

export const newProfileDir = () => mkdtemp(join(tmpdir(), 'miner-sentry-reliability-'));
export const removeProfileDir = (dir: string) => rm(dir, { recursive: true, force: true, maxRetries: 3 });

export interface ExtensionChromium {
  context: BrowserContext;
  extensionId: string;
  /** The running service worker, waking it (through the popup page) when it is stopped. */
  worker(): Promise<Worker>;
  /** The tab's state from the background's automation API; the first tab whose URL starts with `urlPrefix`. */
  tabState(urlPrefix: string): Promise<TabState | null>;
  newPage(url: string): Promise<Page>;
  /** Closes the browser; the profile stays for a relaunch. */
  close(): Promise<void>;
}

const isOurWorker = (w: Worker) => w.url().startsWith('chrome-extension://');

/** `extensionDir: null` starts the same browser without any extension, for comparisons. */
export async function launchChromium(profileDir: string, extensionDir: string | null = builtExtensionDir('chromium')): Promise<ExtensionChromium> {
  const args = [
    `--host-resolver-rules=${MAPPED_HOSTS.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`,
    ...CHROMIUM_BASE_FLAGS,
    // performance.memory is coarse and rounded unless this is on.
    '--enable-precise-memory-info',
  ];
  if (extensionDir) args.push(`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`);
  const context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM_PATH, headless: true, args });
  // Playwright's own waits (selectors, events) get the suite's one bound, not its 30 s default.
  context.setDefaultTimeout(EVENT_WAIT_MS);
  let extensionId = '';
  if (extensionDir) {
    const first = context.serviceWorkers().find(isOurWorker)
      ?? await context.waitForEvent('serviceworker', { predicate: isOurWorker, timeout: EVENT_WAIT_MS });
    extensionId = new URL(first.url()).host;
  }

  async function worker(): Promise<Worker> {
    // A stopped worker can stay listed for a while; only one that answers counts.
    for (const running of context.serviceWorkers().filter(isOurWorker)) {
      if (await running.evaluate(() => true).catch(() => false)) return running;
    }
    // Any extension event wakes the worker; opening one of our pages is the least intrusive.
    const waking = context.waitForEvent('serviceworker', { predicate: isOurWorker, timeout: EVENT_WAIT_MS });
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/src/ui/popup/index.html?tabId=-1`).catch(() => {});
    const w = await waking;
    await page.close();
    return w;
  }

  return {
    context,
    extensionId,
    worker,
    async tabState(urlPrefix) {
      const w = await worker();
      const states = await w.evaluate(() => (globalThis as unknown as { minerSentry: { listTabStates(): Promise<TabState[]> } }).minerSentry.listTabStates());
      const listed = states.find((s) => s.url.startsWith(urlPrefix));
      if (listed) return listed;
      // Only tabs the store has a record of are listed, and a record starts with the tab's
      // navigation commit or its first finding. Seen once in a while for a tab with neither
      // (the commit not recorded): ask by tab id, as the popup does.
      return w.evaluate(async (prefix) => {
        const tab = (await chrome.tabs.query({})).find((t) => t.url?.startsWith(prefix));
        if (tab?.id === undefined) return null;
        return (globalThis as unknown as { minerSentry: { getTabState(id: number): Promise<TabState> } }).minerSentry.getTabState(tab.id);
      }, urlPrefix);
    },
    async newPage(url) {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      return page;
    },
    close: () => context.close().catch(() => {}),
  };
}

/** Bytes in `storage.session` as the browser counts them. */
export async function sessionBytesInUse(browser: ExtensionChromium): Promise<number> {
  const w = await browser.worker();
  return w.evaluate(() => chrome.storage.session.getBytesInUse(null));
}

/** Polls the tab's state until `accept` holds; a timeout names the findings last seen. */
export async function tabStateWhere(browser: ExtensionChromium, urlPrefix: string, accept: (s: TabState) => boolean, what: string) {
  let last: TabState | null = null;
  try {
    return await waitFor(async () => {
      last = await browser.tabState(urlPrefix);
      return last !== null && accept(last) && last;
    }, { timeout: EVENT_WAIT_MS, interval: 200, what });
  } catch (err) {
    const seen = last as TabState | null;
    throw new Error(`${(err as Error).message}\n${seen ? `findings for ${urlPrefix}:\n${findingsTable(seen.findings)}` : `no tab state for ${urlPrefix}`}`);
  }
}
