import browser from 'webextension-polyfill';
import type { TabState } from '../engine/protocol';
import type { EffectiveSettings } from '../engine/policy/types';
import { publicFindings, type FindingsStore } from './findings-store';
import { badgeFor } from './badge';
import { isSiteAllowed } from './allowlist';
import { currentSettings, modeForHost } from './effective';
import { siteHost } from './site-host';

/**
 * Why the user can't flip the site's allow switch: the admin allowlisted the site, or the
 * admin doesn't let users keep an allowlist at all.
 */
export type SiteLock = 'policy-allowlist' | 'user-allowlist-disabled';

export interface PopupTabState extends TabState {
  siteLock?: SiteLock;
  /** Some policy is in force. */
  managed: boolean;
  /** Findings the tab's budget turned away, per frame origin ("N more findings from <origin> dropped"). */
  dropped?: { origin: string; count: number }[];
}

export function siteLockFor(settings: EffectiveSettings, host: string | null): SiteLock | undefined {
  if (host && isSiteAllowed(host, settings.allowlist.fromPolicy)) return 'policy-allowlist';
  if (settings.allowlist.locked) return 'user-allowlist-disabled';
  return undefined;
}

async function currentTabUrl(tabId: number): Promise<string | undefined> {
  try {
    return (await browser.tabs.get(tabId)).url;
  } catch {
    return undefined; // closed, or not a tab
  }
}

export async function buildTabState(store: FindingsStore, tabId: number): Promise<PopupTabState> {
  const [rec, liveUrl, settings] = await Promise.all([store.getTab(tabId), currentTabUrl(tabId), currentSettings()]);
  const findings = publicFindings(rec);
  const url = liveUrl ?? rec?.url ?? '';
  const host = siteHost(url);
  const state: PopupTabState = {
    tabId,
    url,
    findings,
    badge: badgeFor(findings),
    allowed: isSiteAllowed(host, settings.allowlist.value),
    mode: modeForHost(settings, host),
    managed: settings.managed,
  };
  if (rec?.dropped) state.dropped = Object.entries(rec.dropped).map(([origin, count]) => ({ origin, count }));
  const lock = siteLockFor(settings, host);
  if (lock) state.siteLock = lock;
  return state;
}
