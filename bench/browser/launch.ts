import { CHROMIUM_BASE_FLAGS } from '../../scripts/chromium-flags.mjs';
import puppeteer, { type Browser, type CDPSession, type Page } from 'puppeteer-core';
import { CHROMIUM_PATH, FIREFOX_ADDON_ID, FIREFOX_ADDON_UUID, FIREFOX_PATH, type BrowserKind } from '../../test/e2e/harness/constants';

// One automation library for both browsers (the e2e harness drives Chromium through
// Playwright): Puppeteer reaches any Chromium target over CDP, the extension's service
// worker included, which Playwright's newCDPSession does not (pages and frames only).
// The two instances of a pair differ only in whether the extension is installed.

/** Hosts the bench maps to 127.0.0.1: a host put on the synthetic list to watch DNR block it. */
export const PROBE_HOST = 'probe-listed.bench.test';

export interface BenchPage {
  goto(url: string): Promise<void>;
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** JS heap in use after a forced GC, bytes; null where the browser offers no way to read it (Firefox). */
  heapUsed(): Promise<number | null>;
  close(): Promise<void>;
}

export interface BenchBrowser {
  kind: BrowserKind;
  withExtension: boolean;
  label: string;
  version: string;
  newPage(): Promise<BenchPage>;
  /** CDP session on the extension's service worker (Chromium with the extension only). */
  serviceWorker(): Promise<CDPSession | null>;
  close(): Promise<void>;
}

export async function heapOf(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  return (await session.send('Runtime.getHeapUsage')).usedSize;
}

function wrapPage(page: Page, kind: BrowserKind): BenchPage {
  let cdp: CDPSession | null = null;
  return {
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    heapUsed: async () => {
      if (kind !== 'chromium') return null;
      cdp ??= await page.createCDPSession();
      return heapOf(cdp);
    },
    close: () => page.close(),
  };
}

async function launch(kind: BrowserKind, extensionDir: string | null): Promise<Browser> {
  if (kind === 'chromium') {
    return puppeteer.launch({
      browser: 'chrome',
      executablePath: CHROMIUM_PATH,
      headless: true,
      pipe: true,
      enableExtensions: extensionDir ? [extensionDir] : false,
      protocolTimeout: 120_000,
      args: [
        `--host-resolver-rules=MAP ${PROBE_HOST} 127.0.0.1`,
        ...CHROMIUM_BASE_FLAGS,
      ],
    });
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    protocol: 'webDriverBiDi',
    protocolTimeout: 120_000,
    extraPrefsFirefox: {
      // Firefox rounds performance.now() to 1 ms by default; sub-millisecond calls need the real clock.
      'privacy.reduceTimerPrecision': false,
      'network.dns.localDomains': PROBE_HOST,
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: FIREFOX_ADDON_UUID }),
    },
  });
  if (extensionDir) {
    try {
      const id = await browser.installExtension(extensionDir);
      if (id !== FIREFOX_ADDON_ID) throw new Error(`installed add-on has id ${id}, expected ${FIREFOX_ADDON_ID}`);
    } catch (err) {
      await browser.close().catch(() => {});
      throw err;
    }
  }
  return browser;
}

export async function launchBench(kind: BrowserKind, extensionDir: string | null): Promise<BenchBrowser> {
  const browser = await launch(kind, extensionDir);
  const withExtension = extensionDir !== null;
  let swSession: Promise<CDPSession> | null = null;
  return {
    kind,
    withExtension,
    label: `${kind} ${withExtension ? 'with extension' : 'plain'}`,
    version: await browser.version(),
    async newPage() {
      return wrapPage(await browser.newPage(), kind);
    },
    serviceWorker() {
      if (kind !== 'chromium' || !withExtension) return Promise.resolve(null);
      swSession ??= browser
        .waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 20_000 })
        .then((t) => t.createCDPSession());
      return swSession;
    },
    close: () => browser.close().catch(() => {}),
  };
}

