// ISOLATED-world entry, injected before the MAIN-world hook in every frame. It relays
// the page config to the hook and the hook's findings to the background, treating
// every message from the page side as hostile (see finding-gate.ts). It never sends a
// tab or frame id: the background takes those from the message sender.
import browser from 'webextension-polyfill';
import { startBridge } from './start-bridge';

startBridge(document, browser.runtime);
