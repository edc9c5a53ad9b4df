import browser from 'webextension-polyfill';
import type { TabState } from '../engine/protocol';
import type { FindingsStore } from './findings-store';
import { buildTabState } from './tab-state';

/** Read-only view for end-to-end tests (see docs/automation.md); exposes nothing a popup can't see. */
export interface AutomationApi {
  getTabState(tabId: number): Promise<TabState>;
  listTabStates(): Promise<TabState[]>;
  getDynamicRules(): Promise<unknown[]>;
}

export function createAutomationApi(store: FindingsStore): AutomationApi {
  return {
    getTabState: (tabId) => buildTabState(store, tabId),
    listTabStates: async () => Promise.all((await store.listTabs()).map((rec) => buildTabState(store, rec.tabId))),
    getDynamicRules: () => browser.declarativeNetRequest.getDynamicRules(),
  };
}
