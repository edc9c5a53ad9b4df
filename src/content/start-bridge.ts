import type { FindingMessage, PageConfig, PageConfigRequest } from '../engine/protocol';
import { listenForHook } from './bridge-channel';
import { createFindingGate } from './finding-gate';

type Send = { sendMessage(message: unknown): Promise<unknown> };

function isPageConfig(v: unknown): v is PageConfig {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return (c.mode === 'block' || c.mode === 'report-only' || c.mode === 'off')
    && typeof c.allowed === 'boolean' && typeof c.rules === 'string';
}

/** After an extension update the old content script's context is gone and sendMessage throws. */
function post(runtime: Send, message: unknown): Promise<unknown> {
  try {
    return runtime.sendMessage(message);
  } catch (e) {
    return Promise.reject(e);
  }
}

export interface BridgeOptions {
  /**
   * Fetch the page config at start-up rather than when the hook first asks for it. Each
   * fetch is a message to the background and back; made in every frame, it was the largest
   * single cost of a page with many frames. The top frame fetches early, so its first
   * synchronous compile usually has the rules and the site's allowlist decision already;
   * a subframe fetches only when its hook needs the config, which most frames never do.
   */
  eagerConfig: boolean;
}

export function startBridge(doc: Document, runtime: Send, { eagerConfig }: BridgeOptions): void {
  const gate = createFindingGate();
  let requested = false;
  const requestConfig = () => {
    if (requested) return;
    requested = true;
    const request: PageConfigRequest = { type: 'ms:get-page-config', url: doc.location!.href };
    post(runtime, request).then(
      (config) => { if (isPageConfig(config)) channel.sendConfig(config); },
      // Without a config the hook keeps its defaults: block mode, fingerprints only.
      () => {},
    );
  };
  const channel = listenForHook(doc, (detail) => {
    const finding = gate.admit(detail, Date.now());
    if (!finding) return;
    const message: FindingMessage = { type: 'ms:finding', finding };
    // A sleeping or reloading background loses the finding; the page must not notice.
    post(runtime, message).catch(() => {});
  }, requestConfig);
  if (eagerConfig) requestConfig();
}
