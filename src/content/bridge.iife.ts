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

type Runtime = { sendMessage(message: unknown): Promise<unknown> };
type RuntimeHost = { runtime: Runtime };

// Reached on the first message, not at start-up: Firefox builds a content script's
// extension API objects when the script first reads `browser`, and most frames never
// send anything (a subframe asks for its config only when its hook needs it).
let extensionRuntime: Runtime | null = null;
const runtime: Runtime = {
  sendMessage(message) {
    extensionRuntime ??= ((globalThis as { browser?: RuntimeHost }).browser ?? (globalThis as unknown as { chrome: RuntimeHost }).chrome).runtime;
    return extensionRuntime.sendMessage(message);
  },
};

// `top` is unforgeable: a page cannot make a subframe look like the top frame here.
startBridge(document, runtime, { eagerConfig: window.top === window });
