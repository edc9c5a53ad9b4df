import browser from 'webextension-polyfill';
import type { TabState } from '../engine/protocol';
import { publicFindings, type FindingsStore } from './findings-store';
import { badgeFor } from './badge';
import { getAllowlist, isSiteAllowed } from './allowlist';
import { getSettings } from './settings';
import { siteHost } from './site-host';

async function currentTabUrl(tabId: number): Promise<string | undefined> {
  try {
    return (await browser.tabs.get(tabId)).url;
  } catch {
    return undefined; // closed, or not a tab
  }
}

export async function buildTabState(store: FindingsStore, tabId: number): Promise<TabState> {
  const [rec, liveUrl, settings, allowlist] = await Promise.all([
    store.getTab(tabId),
    currentTabUrl(tabId),
    getSettings(),
    getAllowlist(),
  ]);
  const findings = publicFindings(rec);
  const url = liveUrl ?? rec?.url ?? '';
  return {
    tabId,
    url,
    findings,
    badge: badgeFor(findings),
    allowed: isSiteAllowed(siteHost(url), allowlist),
    mode: settings.mode,
  };
}
