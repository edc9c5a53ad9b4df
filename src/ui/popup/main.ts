import browser from 'webextension-polyfill';
import type { TabStateRequest } from '../../engine/protocol';
import type { PopupTabState as TabState } from '../../background/tab-state';
import { localizeStatic, t } from './i18n';
import { resolveTargetTab } from './target-tab';
import { renderFindings } from './render-findings';
import { renderSummary, summaryFor } from './render-summary';
import { setupSiteToggle } from './site-toggle';
import { exportState } from './state-export';
import { siteHost } from '../../background/site-host';
import { ALLOWLIST_KEY } from '../../background/allowlist';
import { SETTINGS_KEY } from '../../background/settings';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function fetchState(tabId: number): Promise<TabState> {
  const request: TabStateRequest = { type: 'ms:get-tab-state', tabId };
  const state = (await browser.runtime.sendMessage(request)) as TabState | undefined;
  if (!state) throw new Error('no tab state');
  return state;
}

function render(state: TabState): void {
  const host = siteHost(state.url);
  $('site-host').textContent = host ?? state.url;
  $('site-host').title = state.url;
  renderSummary($('summary'), summaryFor(state, host !== null));
  renderFindings($('findings'), state.findings, state.url, browser.i18n.getUILanguage());
  if (host) setupSiteToggle($('site'), { tabId: state.tabId, host, allowed: state.allowed, lock: state.siteLock });
  else $('site').hidden = true;
  exportState(document, state, 'ready');
}

function showError(message: string): void {
  renderSummary($('summary'), { title: message, detail: '', tone: 'muted' });
  exportState(document, null, 'error');
}

async function start(): Promise<void> {
  localizeStatic(document);
  $('version').textContent = t('versionLabel', browser.runtime.getManifest().version);
  $('open-options').onclick = () => void browser.runtime.openOptionsPage().then(() => window.close());
  const tabId = await resolveTargetTab(location.search);
  if (tabId === null) return showError(t('tabNotFound'));

  const refresh = () => fetchState(tabId).then(render, () => showError(t('loadError')));
  await refresh();

  // New findings land in storage.session while the popup is open: follow them.
  let pending: ReturnType<typeof setTimeout> | undefined;
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'session' && area !== 'managed' && !(area === 'local' && (ALLOWLIST_KEY in changes || SETTINGS_KEY in changes))) return;
    clearTimeout(pending);
    pending = setTimeout(refresh, 100);
  });
}

start().catch(() => showError(t('loadError')));
