import browser from 'webextension-polyfill';
import type { StoredFinding } from '../engine/protocol';

const NOTIFIED_KEY = 'notified';

/** A miner we stopped: worth interrupting the user for, once per page. */
export function isBlockedMiner(f: Pick<StoredFinding, 'verdict' | 'action'>): boolean {
  return f.action === 'blocked' && f.verdict === 'miner';
}

/**
 * One notification per tab per page load: `pageKey` names the load (the tab's commit),
 * and the last key notified per tab sits in storage.session, so a worker restart
 * mid-page doesn't notify again.
 */
export async function notifyBlocked(tabId: number, pageKey: string, site: string | null, fresh: readonly StoredFinding[]): Promise<void> {
  if (!fresh.some(isBlockedMiner)) return;
  const stored = (await browser.storage.session.get(NOTIFIED_KEY))[NOTIFIED_KEY] as Record<string, string> | undefined;
  const notified = stored ?? {};
  if (notified[tabId] === pageKey) return;
  notified[tabId] = pageKey;
  await browser.storage.session.set({ [NOTIFIED_KEY]: notified });
  await browser.notifications.create(`ms-blocked-${tabId}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('icons/icon-128.png'),
    title: browser.i18n.getMessage('notifyTitle'),
    message: site ? browser.i18n.getMessage('notifyMessage', [site]) : browser.i18n.getMessage('notifyMessageNoSite'),
  });
}

export async function forgetNotifiedTab(tabId: number): Promise<void> {
  const stored = (await browser.storage.session.get(NOTIFIED_KEY))[NOTIFIED_KEY] as Record<string, string> | undefined;
  if (!stored || !(tabId in stored)) return;
  delete stored[tabId];
  await browser.storage.session.set({ [NOTIFIED_KEY]: stored });
}
