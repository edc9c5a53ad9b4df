// The same browser without the extension: the reference a hooked page is compared with.
import puppeteer from 'puppeteer-core';
import { FIREFOX_PATH, type BrowserKind } from '../../harness/constants';
import { launchChromium, newProfileDir, removeProfileDir } from './chromium-profile';
import type { RelPage } from './extension-browser';

export interface PlainBrowser {
  open(url: string): Promise<RelPage>;
  close(): Promise<void>;
}

export async function openPlainBrowser(kind: BrowserKind): Promise<PlainBrowser> {
  if (kind === 'chromium') {
    const profile = await newProfileDir();
    const b = await launchChromium(profile, null);
    return {
      open: async (url) => {
        const page = await b.newPage(url);
        return { evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never, close: () => page.close() };
      },
      close: async () => {
        await b.close();
        await removeProfileDir(profile);
      },
    };
  }
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true, protocol: 'webDriverBiDi' });
  return {
    open: async (url) => {
      const page = await browser.newPage();
      await page.goto(url, { waitUntil: 'load' });
      return { evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never, close: () => page.close() };
    },
    close: () => browser.close().catch(() => {}),
  };
}
