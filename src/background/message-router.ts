import type { Runtime } from 'webextension-polyfill';
import type { PageConfig, TabState } from '../engine/protocol';
import type { FindingsStore, TabRecord } from './findings-store';
import { sanitizeFinding } from './sanitize-finding';
import { contentSender, isExtensionPage, type ContentSender } from './sender-trust';
import { isValidHost } from './allowlist';

export interface RouterDeps {
  store: FindingsStore;
  pageConfig(sender: ContentSender, requestedUrl: string): Promise<PageConfig>;
  tabState(tabId: number): Promise<TabState>;
  setSiteAllowed(host: string, allowed: boolean): Promise<unknown>;
  /** Called after a finding was stored, with the tab's updated record (the badge follows it). */
  stored(rec: TabRecord): void;
}

type Reply = Promise<unknown> | undefined;

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
          .add(finding, { tabId: from.tabId, frameId: from.frameId, documentId: from.documentId, tabUrl: from.tabUrl })
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
        return deps.setSiteAllowed(msg.host, msg.allowed).then(() => ({ ok: true }));
      }
      default:
        return undefined;
    }
  };
}
