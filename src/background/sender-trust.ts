import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';

/** Lifecycle states whose documents aren't the one the tab shows; their findings would land on the wrong page. */
const HIDDEN_LIFECYCLES = new Set(['prerender', 'cached', 'pending_deletion']);

export interface ContentSender {
  tabId: number;
  frameId: number;
  documentId?: string;
  url?: string;
  tabUrl?: string;
}

/** Our own content script in a visible document of a tab, or null. Tab and frame come from the browser, never the payload. */
export function contentSender(sender: Runtime.MessageSender): ContentSender | null {
  if (sender.id !== browser.runtime.id) return null;
  const tabId = sender.tab?.id;
  if (typeof tabId !== 'number' || tabId < 0 || typeof sender.frameId !== 'number') return null;
  const lifecycle = (sender as { documentLifecycle?: string }).documentLifecycle;
  if (lifecycle && HIDDEN_LIFECYCLES.has(lifecycle)) return null;
  return { tabId, frameId: sender.frameId, documentId: sender.documentId, url: sender.url, tabUrl: sender.tab?.url };
}

/**
 * One of our own extension pages (popup, options, tests through the popup). Content scripts
 * share our extension id but run in web renderers, so they can't read other tabs' state
 * or change the allowlist.
 */
export function isExtensionPage(sender: Runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(browser.runtime.getURL('/'));
}
