// Background entry: the Chrome service worker and the Firefox event page. Both are torn down
// when idle and woken by events, so every listener is registered synchronously at top level
// and all state lives in storage, never only in module variables.
import browser from 'webextension-polyfill';
import { FindingsStore, type TabRecord } from './findings-store';
import { badgeFor, showBadge } from './badge';
import { createMessageRouter } from './message-router';
import { buildPageConfig } from './page-config';
import { buildTabState } from './tab-state';
import { getAllowlist, isSiteAllowed, setSiteAllowed, syncAllowlistRules } from './allowlist';
import { SETTINGS_KEY, applyEnforcement, getSettings, parseSettings } from './settings';
import { BLOCK_ERRORS, blockedRequestFinding, type RequestErrorDetails } from './blocked-requests';
import { requestMatcher } from './lists';
import { siteHost } from './site-host';
import { createAutomationApi, type AutomationApi } from './automation-api';

const store = new FindingsStore(browser.storage.session);

function refreshBadge(rec: TabRecord): void {
  void showBadge(rec.tabId, badgeFor(rec.findings));
}

browser.runtime.onMessage.addListener(
  createMessageRouter({
    store,
    pageConfig: buildPageConfig,
    tabState: (tabId) => buildTabState(store, tabId),
    setSiteAllowed,
    stored: refreshBadge,
  }),
);

browser.webNavigation.onCommitted.addListener((d) => {
  if (d.frameId !== 0 || d.tabId < 0) return;
  void store.commit({ tabId: d.tabId, url: d.url, timeStamp: d.timeStamp, documentId: d.documentId }).then(refreshBadge);
});

browser.tabs.onRemoved.addListener((tabId) => {
  void store.removeTab(tabId);
});

async function recordBlockedRequest(d: RequestErrorDetails): Promise<void> {
  if (d.tabId < 0 || !BLOCK_ERRORS.has(d.error)) return; // most failed requests: skip before loading the lists
  const finding = blockedRequestFinding(d, await requestMatcher());
  if (!finding) return;
  const [settings, allowlist, rec] = await Promise.all([getSettings(), getAllowlist(), store.getTab(d.tabId)]);
  // Outside block mode, or on an allowed site, our rules blocked nothing: someone else did.
  if (settings.mode !== 'block') return;
  const topUrl = d.type === 'main_frame' ? d.url : rec?.url;
  if (isSiteAllowed(siteHost(topUrl), allowlist)) return;
  // Chrome names the requesting document, which orders the finding against navigations exactly.
  const documentId = d.frameId === 0 && d.type !== 'main_frame' ? d.documentId : undefined;
  const updated = await store.add(finding, { tabId: d.tabId, frameId: d.frameId, documentId, tabUrl: topUrl });
  if (updated) refreshBadge(updated);
}

browser.webRequest.onErrorOccurred.addListener(
  (d) => void recordBlockedRequest(d as RequestErrorDetails),
  { urls: ['<all_urls>'] },
);

browser.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local') return;
  if (SETTINGS_KEY in changes) void applyEnforcement(parseSettings(changes[SETTINGS_KEY].newValue).mode);
});

/** DNR state that the browser may have reset (extension update) or never seen (first install). */
async function reconcileRules(): Promise<void> {
  const [settings, allowlist] = await Promise.all([getSettings(), getAllowlist()]);
  await Promise.all([applyEnforcement(settings.mode), syncAllowlistRules(allowlist)]);
}
browser.runtime.onInstalled.addListener(() => void reconcileRules());
browser.runtime.onStartup.addListener(() => void reconcileRules());

// Badges are browser state that a browser-side reset (extension reload) loses while
// storage.session keeps the findings: repaint them from the store on every wake-up.
void store.listTabs().then((tabs) => tabs.forEach(refreshBadge));

(globalThis as typeof globalThis & { minerSentry: AutomationApi }).minerSentry = createAutomationApi(store);
