import puppeteer, { type Page } from 'puppeteer-core';
import { FIREFOX_ADDON_ID, FIREFOX_ADDON_UUID, FIREFOX_PATH, MAPPED_HOSTS } from './constants';
import type { BrowserDriver, HarnessPage } from './types';
import { waitFor } from './wait-for';

/**
 * Puppeteer never sees the load event of a moz-extension:// navigation over
 * BiDi (it keeps reporting about:blank), so for those the harness starts the
 * navigation and polls the page's own location instead.
 */
async function gotoExtensionPage(page: Page, url: string) {
  page.goto(url).catch(() => {});
  await waitFor(
    () => page.evaluate((wanted) => location.href === wanted && document.readyState !== 'loading', url),
    { what: `extension page ${url}` },
  );
}

/**
 * Puppeteer's setViewport sends `emulation.setScreenOrientationOverride` beside the viewport
 * command, and Firefox ESR 140 does not know it. The viewport command still applies, so that
 * one refusal is let through once the page shows the new width.
 */
export async function setFirefoxViewport(page: Page, width: number, height: number): Promise<void> {
  try {
    await page.setViewport({ width, height });
  } catch (e) {
    if (!(e instanceof Error && e.message.includes('unknown command') && e.message.includes('setScreenOrientationOverride'))) throw e;
    await waitFor(() => page.evaluate((w) => window.innerWidth === w, width), { what: `viewport ${width}×${height}` });
  }
}

function wrapPage(page: Page): HarnessPage {
  return {
    url: () => page.url(),
    goto: async (url) => {
      if (url.startsWith('moz-extension:')) await gotoExtensionPage(page, url);
      else await page.goto(url, { waitUntil: 'load' });
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    screenshot: async (path) => {
      await page.screenshot({ path: path as `${string}.png` });
    },
    setViewport: (width, height) => setFirefoxViewport(page, width, height),
    click: (selector) => page.click(selector),
    close: () => page.close(),
  };
}

export async function launchFirefox(extensionDir: string, { headless = true, handleSignals = true } = {}): Promise<BrowserDriver> {
  // Puppeteer makes and removes its own temporary profile.
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless,
    handleSIGINT: handleSignals,
    handleSIGTERM: handleSignals,
    handleSIGHUP: handleSignals,
    protocol: 'webDriverBiDi',
    // Firefox 153 lets WebDriver navigate only to web schemes unless system access
    // is allowed; the popup is a moz-extension:// page.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'network.dns.localDomains': MAPPED_HOSTS.join(','),
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: FIREFOX_ADDON_UUID }),
      // Optional permissions (the reports' data-collection consent) are granted without a prompt.
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  try {
    const id = await browser.installExtension(extensionDir);
    if (id !== FIREFOX_ADDON_ID) throw new Error(`installed add-on has id ${id}, expected ${FIREFOX_ADDON_ID}`);
    const blank = await browser.pages();
    return {
      kind: 'firefox',
      extensionBase: `moz-extension://${FIREFOX_ADDON_UUID}/`,
      async newPage(url) {
        const page = await browser.newPage();
        for (const p of blank.splice(0)) await p.close();
        const wrapped = wrapPage(page);
        await wrapped.goto(url);
        return wrapped;
      },
      async close() {
        await browser.close().catch(() => {});
      },
    };
  } catch (err) {
    await browser.close().catch(() => {});
    throw err;
  }
}
