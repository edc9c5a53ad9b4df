// The bridge's end of the hook ↔ bridge channel (wire described in
// src/page/channel-events.ts). The bridge is injected before the hook, so the first
// hello on this document is the hook's: page scripts only run after both. Later
// hellos are ignored, so a page cannot take over the channel.
import type { PageConfig } from '../engine/protocol';
import { CONFIG_EVENT, FINDING_EVENT, HELLO_EVENT, WANT_CONFIG_EVENT } from '../page/channel-events';

export interface BridgeChannel {
  /** Sends the config once the hook has said hello and asked for it. */
  sendConfig(config: PageConfig): void;
}

/**
 * `onWanted` runs the first time the hook asks for the config while none is there yet:
 * a bridge that fetches it only on demand fetches it then.
 */
export function listenForHook(doc: Document, onFindingDetail: (detail: unknown) => void, onWanted: () => void = () => {}): BridgeChannel {
  const view = doc.defaultView!;
  let port: Element | null = null;
  let pending: PageConfig | null = null;
  /** The hook has asked for the config (see WANT_CONFIG_EVENT). */
  let wanted = false;

  const deliver = (config: PageConfig) => {
    port!.dispatchEvent(new view.CustomEvent(CONFIG_EVENT, { detail: JSON.stringify(config) }));
  };

  const onHello = (event: Event) => {
    const target = (event as MouseEvent).relatedTarget;
    if (port || !(target instanceof view.Element)) return;
    port = target;
    doc.removeEventListener(HELLO_EVENT, onHello, true);
    port.addEventListener(FINDING_EVENT, (e) => onFindingDetail((e as CustomEvent).detail));
    port.addEventListener(WANT_CONFIG_EVENT, () => {
      if (wanted) return;
      wanted = true;
      if (pending) deliver(pending);
      else onWanted();
    });
  };
  doc.addEventListener(HELLO_EVENT, onHello, true);

  return {
    sendConfig(config) {
      pending = config;
      if (port && wanted) deliver(config);
    },
  };
}
