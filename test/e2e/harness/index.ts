import type { TabState } from '../../../src/engine/protocol';
import { builtExtensionDir, POPUP_PATH, type BrowserKind } from './constants';
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import type { BrowserDriver, Harness, HarnessPage, PopupSnapshot } from './types';
import { waitFor } from './wait-for';

export { BROWSER_KINDS, LISTED_HOST, type BrowserKind } from './constants';
export type { Harness, HarnessPage, PopupSnapshot } from './types';
export { waitFor } from './wait-for';
export { findingsTable } from './findings-table';

/** Selector of one rendered finding in the popup (src/ui/popup). */
export const POPUP_FINDING_SELECTOR = '.finding';

async function readPopup(page: HarnessPage, tabId?: number) {
  return page.evaluate(async ({ selector, tabId }) => {
    const node = document.getElementById('tab-state');
    const state = JSON.parse(node?.textContent ?? 'null');
    const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
    const id = tabId ?? state?.tabId;
    const badgeText = typeof id === 'number' && id >= 0 ? await api.action.getBadgeText({ tabId: id }) : '';
    return { state, renderedFindings: document.querySelectorAll(selector).length, badgeText };
  }, { selector: POPUP_FINDING_SELECTOR, tabId });
}

function withPopup(driver: BrowserDriver): Harness {
  const popupUrl: Harness['popupUrl'] = ({ tabUrl, tabId }) => {
    const query = new URLSearchParams();
    if (tabUrl !== undefined) query.set('tabUrl', tabUrl);
    if (tabId !== undefined) query.set('tabId', String(tabId));
    return `${driver.extensionBase}${POPUP_PATH}?${query}`;
  };

  const openPopup: Harness['openPopup'] = async (query) => {
    const page = await driver.newPage(popupUrl(query));
    try {
      const state = await waitFor(
        () => page.evaluate(() => document.body?.dataset.state !== 'loading' && document.body.dataset.state),
        { what: 'popup to finish loading' },
      );
      if (state !== 'ready') {
        const summary = await page.evaluate(() => document.getElementById('summary')?.textContent?.trim());
        throw new Error(`popup for ${JSON.stringify(query)} ended in state ${state}: ${summary}`);
      }
      return page;
    } catch (err) {
      await page.close();
      throw err;
    }
  };

  async function popupSnapshot(urlPrefix: string): Promise<PopupSnapshot> {
    const page = await openPopup({ tabUrl: urlPrefix });
    try {
      const snap = await readPopup(page);
      if (!snap.state) throw new Error(`popup for ${urlPrefix} exposed no #tab-state`);
      return snap as PopupSnapshot;
    } finally {
      await page.close();
    }
  }

  return {
    ...driver,
    popupUrl,
    openPopup,
    popupSnapshot,
    tabState: async (urlPrefix: string): Promise<TabState> => (await popupSnapshot(urlPrefix)).state,
  };
}

/**
 * Starts a browser with the built extension (or `extensionDir`) installed. Always `close()` it.
 * `handleSignals: false` leaves Ctrl-C to the caller, which must then close the browser itself
 * (by default the automation library kills the browser and exits at once, skipping cleanup).
 */
export async function openBrowser(
  kind: BrowserKind,
  { extensionDir = builtExtensionDir(kind), headless = true, handleSignals = true } = {},
): Promise<Harness> {
  const launch = kind === 'chromium' ? launchChromium : launchFirefox;
  return withPopup(await launch(extensionDir, { headless, handleSignals }));
}
