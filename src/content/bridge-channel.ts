// The bridge's end of the hook ↔ bridge channel (wire described in
// src/page/channel-events.ts). The bridge is injected before the hook, so the first
// hello on this document is the hook's: page scripts only run after both. Later
// hellos are ignored, so a page cannot take over the channel.
import type { PageConfig } from '../engine/protocol';
import { CONFIG_EVENT, FINDING_EVENT, HELLO_EVENT } from '../page/channel-events';

export interface BridgeChannel {
  /** Sends the config now, or as soon as the hook has said hello. */
  sendConfig(config: PageConfig): void;
}

export function listenForHook(doc: Document, onFindingDetail: (detail: unknown) => void): BridgeChannel {
  const view = doc.defaultView!;
  let port: Element | null = null;
  let pending: PageConfig | null = null;

  const deliver = (config: PageConfig) => {
    port!.dispatchEvent(new view.CustomEvent(CONFIG_EVENT, { detail: JSON.stringify(config) }));
  };

  const onHello = (event: Event) => {
    const target = (event as MouseEvent).relatedTarget;
    if (port || !(target instanceof view.Element)) return;
    port = target;
    doc.removeEventListener(HELLO_EVENT, onHello, true);
    port.addEventListener(FINDING_EVENT, (e) => onFindingDetail((e as CustomEvent).detail));
    if (pending) deliver(pending);
  };
  doc.addEventListener(HELLO_EVENT, onHello, true);

  return {
    sendConfig(config) {
      pending = config;
      if (port) deliver(config);
    },
  };
}
