import type { TabState } from '../../../src/engine/protocol';
import type { BrowserKind } from './constants';

/** The slice of a tab that scenarios need, the same over Playwright and Puppeteer. */
export interface HarnessPage {
  url(): string;
  goto(url: string): Promise<void>;
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  screenshot(path: string): Promise<void>;
  setViewport(width: number, height: number): Promise<void>;
  /** A real click (user activation), for what only a user may start, e.g. permission requests. */
  click(selector: string): Promise<void>;
  close(): Promise<void>;
}

/** What one browser adapter provides; the popup helpers are built on top of it. */
export interface BrowserDriver {
  kind: BrowserKind;
  /** `chrome-extension://<id>/` or `moz-extension://<uuid>/`. */
  extensionBase: string;
  newPage(url: string): Promise<HarnessPage>;
  close(): Promise<void>;
}

export interface PopupSnapshot {
  state: TabState;
  /** Rendered finding entries, counted in the popup's DOM. */
  renderedFindings: number;
  /** The badge the browser shows for that tab, read through the action API. */
  badgeText: string;
}

export interface Harness extends BrowserDriver {
  popupUrl(query: { tabUrl?: string; tabId?: number }): string;
  /** Opens the popup as a tab for the tab whose URL starts with `urlPrefix`, once it says it is ready. */
  openPopup(query: { tabUrl?: string; tabId?: number }): Promise<HarnessPage>;
  tabState(urlPrefix: string): Promise<TabState>;
  popupSnapshot(urlPrefix: string): Promise<PopupSnapshot>;
}
