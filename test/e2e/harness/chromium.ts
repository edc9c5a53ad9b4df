import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_BASE_FLAGS } from '../../../scripts/chromium-flags.mjs';
import { CHROMIUM_PATH, MAPPED_HOSTS } from './constants';
import type { BrowserDriver, HarnessPage } from './types';
import { makeTempDir, removeTempDir } from './temp-dir';
import { EVENT_WAIT_MS } from './wait-for';

function wrapPage(page: Page): HarnessPage {
  return {
    url: () => page.url(),
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load' });
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    screenshot: async (path) => {
      await page.screenshot({ path });
    },
    setViewport: async (width, height) => {
      await page.setViewportSize({ width, height });
    },
    click: (selector) => page.click(selector),
    close: () => page.close(),
  };
}

export async function launchChromium(extensionDir: string, { headless = true, handleSignals = true } = {}): Promise<BrowserDriver> {
  const userDataDir = await makeTempDir('chromium');
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless,
      handleSIGINT: handleSignals,
      handleSIGTERM: handleSignals,
      handleSIGHUP: handleSignals,
      args: [
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
        `--host-resolver-rules=${MAPPED_HOSTS.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`,
        ...CHROMIUM_BASE_FLAGS,
      ],
    });
    // Playwright's own waits (selectors, events) get the suite's one bound, not its 30 s default.
    context.setDefaultTimeout(EVENT_WAIT_MS);
    const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'))
      ?? await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://'), timeout: EVENT_WAIT_MS })
        .catch((err: Error) => {
          // Chromium drops an unloadable unpacked extension without a word (e.g. the manifest names a file the build did not emit).
          throw new Error(`no extension service worker from ${extensionDir}: did it load? Check that every file its manifest names exists. (${err.message})`);
        });
    const extensionId = new URL(worker.url()).host;
    // The persistent context opens with one blank tab; tests open their own.
    const blank = context.pages();
    const ctx = context;
    return {
      kind: 'chromium',
      extensionBase: `chrome-extension://${extensionId}/`,
      async newPage(url) {
        const page = await ctx.newPage();
        for (const p of blank.splice(0)) await p.close();
        const wrapped = wrapPage(page);
        await wrapped.goto(url);
        return wrapped;
      },
      async close() {
        await ctx.close().catch(() => {});
        await removeTempDir(userDataDir);
      },
    };
  } catch (err) {
    await context?.close().catch(() => {});
    await removeTempDir(userDataDir);
    throw err;
  }
}
