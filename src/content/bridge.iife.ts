// ISOLATED-world entry, injected before the MAIN-world hook in every frame. It relays
// the page config to the hook and the hook's findings to the background, treating
// every message from the page side as hostile (see finding-gate.ts). It never sends a
// tab or frame id: the background takes those from the message sender.
//
// No webextension-polyfill here: this runs in every frame of every page, and the
// polyfill's start-up (building its wrappers over the whole API) cost more than the rest
// of the bridge. One promise-returning call is all the bridge needs: Firefox's `browser`
// has it, and so has Chrome's `chrome.runtime.sendMessage` in MV3.
import { startBridge } from './start-bridge';

type RuntimeHost = { runtime: { sendMessage(message: unknown): Promise<unknown> } };
const host = (globalThis as { browser?: RuntimeHost }).browser ?? (globalThis as unknown as { chrome: RuntimeHost }).chrome;

// `top` is unforgeable: a page cannot make a subframe look like the top frame here.
startBridge(document, host.runtime, { eagerConfig: window.top === window });
