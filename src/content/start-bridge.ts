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

export function startBridge(doc: Document, runtime: Send): void {
  const gate = createFindingGate();
  const channel = listenForHook(doc, (detail) => {
    const finding = gate.admit(detail, Date.now());
    if (!finding) return;
    const message: FindingMessage = { type: 'ms:finding', finding };
    // A sleeping or reloading background loses the finding; the page must not notice.
    post(runtime, message).catch(() => {});
  });
  const request: PageConfigRequest = { type: 'ms:get-page-config', url: doc.location!.href };
  post(runtime, request).then(
    (config) => { if (isPageConfig(config)) channel.sendConfig(config); },
    // Without a config the hook keeps its defaults: block mode, fingerprints only.
    () => {},
  );
}
