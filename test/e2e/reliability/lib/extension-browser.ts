// One face for both browsers: Chromium through this suite's own launcher (it needs the
// service worker and CDP), Firefox through the shared harness (state via the popup).
import type { TabState } from '../../../../src/engine/protocol';
import { openBrowser, waitFor, type BrowserKind } from '../../harness';
import { launchChromium, newProfileDir, removeProfileDir, sessionBytesInUse, type ExtensionChromium } from './chromium-profile';

export interface RelPage {
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  close(): Promise<void>;
}

export interface RelBrowser {
  kind: BrowserKind;
  open(url: string): Promise<RelPage>;
  /** State of the first tab whose URL starts with `urlPrefix`; null when there is none yet. */
  tabState(urlPrefix: string): Promise<TabState | null>;
  /** `storage.session` bytes in use, where the browser lets a test read them (Chromium). */
  sessionBytes?(): Promise<number>;
  /** Chromium only: the context, service worker and CDP behind this browser. */
  chromium?: ExtensionChromium;
  close(): Promise<void>;
}

export async function openExtensionBrowser(kind: BrowserKind): Promise<RelBrowser> {
  if (kind === 'chromium') {
    const profile = await newProfileDir();
    const b = await launchChromium(profile);
    return {
      kind,
      open: async (url) => {
        const page = await b.newPage(url);
        return { evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never, close: () => page.close() };
      },
      tabState: (prefix) => b.tabState(prefix),
      sessionBytes: () => sessionBytesInUse(b),
      chromium: b,
      close: async () => {
        await b.close();
        await removeProfileDir(profile);
      },
    };
  }
  const h = await openBrowser(kind);
  return {
    kind,
    open: (url) => h.newPage(url),
    // The popup ends in its error state while no tab matches; that is "no state yet" here.
    tabState: (prefix) => h.tabState(prefix).catch(() => null),
    close: () => h.close(),
  };
}

export function stateWhere(b: RelBrowser, urlPrefix: string, accept: (s: TabState) => boolean, what: string, timeout = 20_000) {
  return waitFor(async () => {
    const s = await b.tabState(urlPrefix);
    return s !== null && accept(s) && s;
  }, { timeout, interval: 250, what });
}

/** Polls until the tab's finding count stops changing for `quietPolls` reads in a row. */
export async function settledState(b: RelBrowser, urlPrefix: string, quietPolls = 3): Promise<TabState> {
  let last = -1;
  let same = 0;
  return waitFor(async () => {
    const s = await b.tabState(urlPrefix);
    if (!s) return false;
    same = s.findings.length === last ? same + 1 : 0;
    last = s.findings.length;
    return same >= quietPolls && s;
  }, { timeout: 30_000, interval: 300, what: `findings of ${urlPrefix} to settle` });
}
