// Background entry: the Chrome service worker and the Firefox event page. Both are torn down
// when idle and woken by events, so every listener is registered synchronously at top level
// and all state lives in storage, never only in module variables.
import browser from 'webextension-polyfill';
import { effectiveSettings } from '../engine/policy/effective-settings';
import { FindingsStore, publicFindings, type TabRecord } from './findings-store';
import { badgeFor, showBadge } from './badge';
import { createMessageRouter } from './message-router';
import { buildPageConfig } from './page-config';
import { buildTabState, siteLockFor } from './tab-state';
import { isSiteAllowed, setAllowlist, setSiteAllowed, syncAllowlistRules } from './allowlist';
import { applyEnforcement, getUserSettings, updateUserSettings } from './settings';
import { BLOCK_ERRORS, blockedRequestFinding, type RequestErrorDetails } from './blocked-requests';
import { requestMatcher, setListSources } from './lists';
import { siteHost } from './site-host';
import { createAutomationApi, type AutomationApi } from './automation-api';
import { affectsSettings, currentEffective, currentSettings, invalidateEffective, modeForHost } from './effective';
import { onStandInCorrected, readPolicy } from './policy';
import { dnrExceptionHosts } from './site-exceptions';
import { activeRuleSources } from './rule-sources';
import { syncListRules, type SourceRuleStatus } from './list-rules';
import { SUBSCRIPTIONS_KEY, SUBSCRIPTION_ALARM, createSubscriptionManager } from './subscription-manager';
import { FindingHistory } from './history';
import { REPORT_ALARM, ReportQueue } from './report-queue';
import { exportEnvironment } from './environment';
import { forgetNotifiedTab, notifyBlocked } from './notify';
import { optionsModel } from './options-model';
import { createPoolBlocker } from './pool-block';
import { NETWORK_ORIGIN } from './tab-budget';
import { reportTarget } from './report-target';
import { browsingActivityConsent } from './collection-consent';

const HISTORY_ALARM = 'ms:history-prune';
const RULE_STATUS_KEY = 'ruleStatus';

const store = new FindingsStore(browser.storage.session);
const poolBlocks = createPoolBlocker(browser.declarativeNetRequest as unknown as Parameters<typeof createPoolBlocker>[0]);
// Declared after `reports` below; the history only calls this once it has written a batch.
const history = new FindingHistory(browser.storage.local, Date.now, {
  onWritten: (fresh) => reports.enqueue(fresh),
});

const subscriptions = createSubscriptionManager({
  area: browser.storage.local,
  fetch: (...args) => fetch(...args),
  now: Date.now,
  settings: currentSettings,
  schedule: (when) => void browser.alarms.create(SUBSCRIPTION_ALARM, { when }),
});

const collectionConsent = browsingActivityConsent();
const reports = new ReportQueue({
  area: browser.storage.local,
  fetch: (...args) => fetch(...args),
  now: Date.now,
  newId: () => crypto.randomUUID(),
  target: () => reportTarget(currentSettings),
  environment: exportEnvironment,
  schedule: (when) => void browser.alarms.create(REPORT_ALARM, { when }),
  mayCollect: collectionConsent,
});

/** Everything a newly stored finding sets off; none of it is awaited by the page. */
async function afterStored(rec: TabRecord): Promise<void> {
  void showBadge(rec.tabId, badgeFor(rec.findings));
  void poolBlocks.sync(rec.tabId, rec.findings).catch(() => undefined);
  const settings = await currentSettings();
  // Staged only: the history writes in batches and hands each batch to the report queue.
  const fresh = await history.record(publicFindings(rec), rec.url, settings.retentionDays.value);
  if (fresh.length === 0) return;
  if (settings.notifications.value) {
    const pageKey = `${rec.committedAt}|${rec.documentId ?? rec.url}`;
    await notifyBlocked(rec.tabId, pageKey, siteHost(rec.url), fresh).catch(() => undefined);
  }
}

function stored(rec: TabRecord): void {
  void afterStored(rec).catch(() => undefined);
}

/** The DNR exceptions for a user allowlist about to be stored, with the policy's terms applied. */
async function exceptionsFor(userList: string[]): Promise<string[]> {
  const [{ policy }, user] = await Promise.all([readPolicy(), getUserSettings()]);
  return dnrExceptionHosts(effectiveSettings(policy, { ...user, allowlist: userList }));
}

async function setSiteAllowedByUser(host: string, allowed: boolean) {
  const lock = siteLockFor(await currentSettings(), host);
  if (lock) return { ok: false as const, reason: lock };
  await setSiteAllowed(host, allowed, exceptionsFor);
  invalidateEffective();
  return { ok: true as const };
}

// ---- Rule lists: policy inline rules, subscriptions and the user's rules become DNR rules
// and page rules. Rebuilt whenever any of them or the mode changes; coalesced, since a
// policy change also rewrites subscription states and each would trigger a rebuild.
let rulesRun: Promise<void> = Promise.resolve();
let rulesQueued = false;

async function rebuildRules(): Promise<void> {
  const [settings, states] = await Promise.all([currentSettings(), subscriptions.states()]);
  const sources = activeRuleSources(settings, states);
  setListSources(Promise.resolve(sources));
  let status: SourceRuleStatus[];
  try {
    status = await syncListRules(sources, settings.mode.value);
  } catch (err) {
    // The browser refused the new set, so the old one still applies: say so in the options page.
    status = sources.map((s) => ({ key: s.key, label: s.label, rules: 0, skipped: [`the browser refused the rules: ${(err as Error).message}`] }));
  }
  await Promise.all([
    browser.storage.session.set({ [RULE_STATUS_KEY]: status }),
    syncAllowlistRules(dnrExceptionHosts(settings)),
    applyEnforcement(settings.mode.value),
  ]);
}

function refreshRules(): Promise<void> {
  if (rulesQueued) return rulesRun;
  rulesQueued = true;
  rulesRun = rulesRun.then(() => {
    rulesQueued = false;
    return rebuildRules();
  }).catch(() => undefined);
  return rulesRun;
}

async function ruleStatus(): Promise<SourceRuleStatus[]> {
  const stored = (await browser.storage.session.get(RULE_STATUS_KEY))[RULE_STATUS_KEY];
  return Array.isArray(stored) ? (stored as SourceRuleStatus[]) : [];
}

async function buildOptionsModel() {
  const [{ settings, policyErrors }, states, status, queue] = await Promise.all([
    currentEffective(),
    subscriptions.states(),
    ruleStatus(),
    reports.state(),
  ]);
  const report = settings.report
    ? {
      endpoint: settings.report.endpoint, queued: queue.items.length, lastError: queue.lastError, lastSent: queue.lastSent,
      authSetByPolicy: settings.report.authHeader !== undefined,
      consentNeeded: collectionConsent ? !(await collectionConsent()) : false,
    }
    : null;
  return optionsModel(settings, policyErrors, states, status, report);
}

browser.runtime.onMessage.addListener(
  createMessageRouter({
    store,
    pageConfig: buildPageConfig,
    tabState: (tabId) => buildTabState(store, tabId),
    setSiteAllowed: setSiteAllowedByUser,
    stored,
    options: {
      model: buildOptionsModel,
      updateSettings: async (patch) => {
        await updateUserSettings(patch);
        invalidateEffective(); // before onChanged arrives, so the model below is current
        return buildOptionsModel();
      },
      setUserAllowlist: async (hosts) => {
        if ((await currentSettings()).allowlist.locked) return { ok: false, reason: 'user-allowlist-disabled' };
        await setAllowlist(hosts, exceptionsFor);
        invalidateEffective();
        return { ok: true };
      },
      updateSubscriptions: async (urls) => {
        await subscriptions.runDue(urls ?? (await currentSettings()).subscriptions.value.map((s) => s.url));
        await refreshRules();
        return buildOptionsModel();
      },
      history: () => history.list(),
      clearHistory: () => history.clear().then(() => ({ ok: true })),
    },
  }),
);

browser.webNavigation.onCommitted.addListener((d) => {
  if (d.frameId !== 0 || d.tabId < 0) return;
  void store.commit({ tabId: d.tabId, url: d.url, timeStamp: d.timeStamp, documentId: d.documentId })
    .then((rec) => showBadge(rec.tabId, badgeFor(rec.findings)));
});

browser.tabs.onRemoved.addListener((tabId) => {
  void store.removeTab(tabId);
  void forgetNotifiedTab(tabId);
  void poolBlocks.forgetTab(tabId).catch(() => undefined);
});

async function recordBlockedRequest(d: RequestErrorDetails): Promise<void> {
  if (d.tabId < 0 || !BLOCK_ERRORS.has(d.error)) return; // most failed requests: skip before loading the lists
  const finding = blockedRequestFinding(d, await requestMatcher());
  if (!finding) return;
  const [settings, rec] = await Promise.all([currentSettings(), store.getTab(d.tabId)]);
  const topUrl = d.type === 'main_frame' ? d.url : rec?.url;
  const host = siteHost(topUrl);
  // Outside block mode, or on an allowed site, our rules blocked nothing: someone else did.
  if (settings.mode.value !== 'block' || modeForHost(settings, host) !== 'block') return;
  if (isSiteAllowed(host, settings.allowlist.value)) return;
  // Chrome names the requesting document, which orders the finding against navigations exactly.
  const documentId = d.frameId === 0 && d.type !== 'main_frame' ? d.documentId : undefined;
  const updated = await store.add(finding, { tabId: d.tabId, frameId: d.frameId, documentId, tabUrl: topUrl, frameOrigin: NETWORK_ORIGIN });
  if (updated) stored(updated);
}

browser.webRequest.onErrorOccurred.addListener(
  (d) => void recordBlockedRequest(d as RequestErrorDetails),
  { urls: ['<all_urls>'] },
);

function settingsChanged(): void {
  invalidateEffective();
  // Reconciling rewrites the states, which rebuilds the rules below; rebuild now as well
  // for changes (mode, custom rules) that leave the subscriptions as they are.
  void subscriptions.reconcile().then(() => subscriptions.runDue()).catch(() => undefined);
  void refreshRules();
  void currentSettings().then((s) => history.prune(s.retentionDays.value)).catch(() => undefined);
}

// At browser start the settings may have been computed from the stored copy of the policy;
// the real one, when it differs, counts as a policy change.
onStandInCorrected(settingsChanged);

browser.storage.onChanged.addListener((changes, area) => {
  if (affectsSettings(changes, area)) {
    settingsChanged();
  } else if (area === 'local' && SUBSCRIPTIONS_KEY in changes) {
    void refreshRules();
  }
});

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === SUBSCRIPTION_ALARM) void subscriptions.runDue().catch(() => undefined);
  else if (alarm.name === REPORT_ALARM) void reports.flush();
  else if (alarm.name === HISTORY_ALARM) void currentSettings().then((s) => history.prune(s.retentionDays.value));
});

/** DNR state that the browser may have reset (extension update) or never seen (first install). */
async function startUp(): Promise<void> {
  await subscriptions.reconcile();
  await refreshRules();
  void browser.alarms.create(HISTORY_ALARM, { periodInMinutes: 24 * 60 });
  void subscriptions.runDue().catch(() => undefined);
  void reports.flush();
}
browser.runtime.onInstalled.addListener(() => void startUp().catch(() => undefined));
browser.runtime.onStartup.addListener(() => void startUp().catch(() => undefined));

// Badges are browser state that a browser-side reset (extension reload) loses while
// storage.session keeps the findings: repaint them from the store on every wake-up.
// The same wake-up stages the stored findings for the history again: a worker stopped before
// its batched history write loses nothing that is still in a tab's record.
void store.listTabs().then(async (tabs) => {
  tabs.forEach((rec) => void showBadge(rec.tabId, badgeFor(rec.findings)));
  const retention = (await currentSettings()).retentionDays.value;
  for (const rec of tabs) await history.record(publicFindings(rec), rec.url, retention);
}).catch(() => undefined);
// Firefox unloads an idle event page after telling it: write what is held back.
browser.runtime.onSuspend?.addListener(() => {
  void store.flush();
  void history.flush();
});
// Firefox: the user granted the data-collection consent the queue was waiting for.
browser.permissions?.onAdded?.addListener(() => void reports.flush());
// The page config needs the extra lists in memory; a restarted worker rebuilds them from storage.
setListSources(Promise.all([currentSettings(), subscriptions.states()]).then(([s, states]) => activeRuleSources(s, states)));

(globalThis as typeof globalThis & { minerSentry: AutomationApi }).minerSentry = createAutomationApi(store);
