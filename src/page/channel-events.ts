// Names of the DOM events the MAIN-world hook and the ISOLATED bridge exchange.
// Only the hello travels on `document`; everything after it travels on a detached
// element that the hello hands over, which page scripts never get a reference to.

/** MouseEvent on `document`, hook → bridge; `relatedTarget` is the private port element. */
export const HELLO_EVENT = 'miner-sentry:hello';
/** CustomEvent on the port, hook → bridge; `detail` is a Finding as a JSON string. */
export const FINDING_EVENT = 'miner-sentry:finding';
/** CustomEvent on the port, bridge → hook; `detail` is a PageConfig as a JSON string. */
export const CONFIG_EVENT = 'miner-sentry:config';
/**
 * CustomEvent on the port, hook → bridge, no detail: the hook needs the PageConfig. The
 * bridge sends it only once asked, so a frame that never calls a hooked API never copies
 * and parses the rules; a subframe's bridge does not even fetch it from the background
 * before then (start-bridge.ts).
 */
export const WANT_CONFIG_EVENT = 'miner-sentry:want-config';
