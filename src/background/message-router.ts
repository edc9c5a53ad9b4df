import type { Runtime } from 'webextension-polyfill';
import type { PageConfig, TabState } from '../engine/protocol';
import type { UserSettings } from '../engine/policy/types';
import type { FindingsStore, TabRecord } from './findings-store';
import { sanitizeFinding } from './sanitize-finding';
import { contentSender, isExtensionPage, type ContentSender } from './sender-trust';
import { isValidHost } from './allowlist';
import { frameOrigin } from './frame-origin';

/** Why a site toggle was refused; the popup shows the matching sentence. */
export type AllowRefusal = 'policy-allowlist' | 'user-allowlist-disabled';
export type AllowReply = { ok: true } | { ok: false; reason: AllowRefusal };

/** What the options page may ask for; absent in the popup-only setups of some tests. */
export interface OptionsHandlers {
  model(): Promise<unknown>;
  updateSettings(patch: Omit<UserSettings, 'allowlist'>): Promise<unknown>;
  setUserAllowlist(hosts: string[]): Promise<AllowReply>;
  updateSubscriptions(urls?: string[]): Promise<unknown>;
  history(): Promise<unknown>;
  clearHistory(): Promise<unknown>;
}

export interface RouterDeps {
  store: FindingsStore;
  pageConfig(sender: ContentSender, requestedUrl: string): Promise<PageConfig>;
  tabState(tabId: number): Promise<TabState>;
  /** Resolves `{ok: false, reason}` when policy forbids the change; a plain value means done. */
  setSiteAllowed(host: string, allowed: boolean): Promise<unknown>;
  /** Called after a finding was stored, with the tab's updated record (the badge follows it). */
  stored(rec: TabRecord): void;
  options?: OptionsHandlers;
}

type Reply = Promise<unknown> | undefined;

const SETTING_KEYS = new Set(['mode', 'siteModes', 'subscriptions', 'customRules', 'notifications', 'retentionDays']);

function settingsPatch(raw: unknown): Omit<UserSettings, 'allowlist'> | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const keys = Object.keys(raw);
  return keys.length > 0 && keys.every((k) => SETTING_KEYS.has(k)) ? (raw as Omit<UserSettings, 'allowlist'>) : null;
}

function urlList(raw: unknown): string[] | undefined | null {
  if (raw === undefined) return undefined;
  return Array.isArray(raw) && raw.every((u) => typeof u === 'string') ? raw : null;
}

/**
 * `runtime.onMessage` listener. Returns a promise for messages it answers and undefined for
 * anything else, so unknown or untrusted messages get no reply at all.
 */
export function createMessageRouter(deps: RouterDeps) {
  return (message: unknown, sender: Runtime.MessageSender): Reply => {
    if (!message || typeof message !== 'object') return undefined;
    const msg = message as Record<string, unknown>;
    switch (msg.type) {
      case 'ms:finding': {
        const from = contentSender(sender);
        const finding = from && sanitizeFinding(msg.finding);
        if (!from || !finding) return undefined;
        return deps.store
          .add(finding, {
            tabId: from.tabId, frameId: from.frameId, documentId: from.documentId, tabUrl: from.tabUrl, frameOrigin: frameOrigin(sender),
          })
          .then((rec) => {
            if (rec) deps.stored(rec);
            return { ok: rec !== null };
          });
      }
      case 'ms:get-page-config': {
        const from = contentSender(sender);
        if (!from) return undefined;
        return deps.pageConfig(from, typeof msg.url === 'string' ? msg.url : '');
      }
      case 'ms:get-tab-state': {
        if (!isExtensionPage(sender) || typeof msg.tabId !== 'number' || !Number.isInteger(msg.tabId)) return undefined;
        return deps.tabState(msg.tabId);
      }
      case 'ms:set-site-allowed': {
        if (!isExtensionPage(sender) || !isValidHost(msg.host) || typeof msg.allowed !== 'boolean') return undefined;
        return deps.setSiteAllowed(msg.host, msg.allowed).then((r) =>
          r && typeof r === 'object' && (r as AllowReply).ok === false ? r : { ok: true });
      }
      default:
        return deps.options && isExtensionPage(sender) ? routeOptions(deps.options, msg) : undefined;
    }
  };
}

function routeOptions(h: OptionsHandlers, msg: Record<string, unknown>): Reply {
  switch (msg.type) {
    case 'ms:get-options':
      return h.model();
    case 'ms:update-settings': {
      const patch = settingsPatch(msg.patch);
      return patch ? h.updateSettings(patch) : undefined;
    }
    case 'ms:set-user-allowlist': {
      const hosts = urlList(msg.hosts);
      return hosts && hosts.every(isValidHost) ? h.setUserAllowlist(hosts) : undefined;
    }
    case 'ms:update-subscriptions': {
      const urls = urlList(msg.urls);
      return urls === null ? undefined : h.updateSubscriptions(urls);
    }
    case 'ms:get-history':
      return h.history();
    case 'ms:clear-history':
      return h.clearHistory();
    default:
      return undefined;
  }
}
