// Installs every hook into one realm. Runs for the frame's own window at start-up and
// again for each same-origin child realm the page reaches (child-realm-hooks.ts); a
// realm is marked so neither path installs twice, including our own content script
// arriving late in an about:blank frame that its parent already hooked.
//
// Tamper resistance: the replaced properties keep the native attributes (writable,
// configurable). Each wrapper holds the only reference to its original, and the
// `prototype.constructor` back-links are redirected, so reassigning or deleting
// `WebAssembly.instantiate`, `WebSocket` and the like can only take the API away, never
// reveal an unwatched one. Read-only, non-configurable properties would add nothing to
// that and would throw in strict-mode code that legitimately re-wraps these APIs
// (session-replay, polyfills, test mocks).
import { installChildRealmHooks } from './child-realm-hooks';
import type { HookChannel } from './hook-channel';
import type { HookedWindow } from './hook-context';
import { defineProperty, getOwnPropertyDescriptor } from './intrinsics';
import { disguiseToString } from './native-disguise';
import { createPolicy } from './page-policy';
import { installWasmHooks } from './wasm-hooks';
import { installWebSocketHooks } from './websocket-hooks';
import { installWorkerHooks } from './worker-hooks';

/** Marks a hooked realm. Registered so a second copy of the hook bundle sees it too. */
export const INSTALLED = Symbol.for('miner-sentry.hooked');

export function isHooked(win: object): boolean {
  return getOwnPropertyDescriptor(win, INSTALLED) !== undefined;
}

/** Returns false when the realm was already hooked. */
export function installHooks(win: HookedWindow, channel: HookChannel): boolean {
  if (isHooked(win)) return false;
  defineProperty(win, INSTALLED, { value: true });
  const ctx = { win, channel, policy: createPolicy(channel, win.location.hostname) };
  disguiseToString(win.Function.prototype);
  installWasmHooks(ctx);
  installWorkerHooks(ctx);
  installWebSocketHooks(ctx);
  installChildRealmHooks(ctx, (child) => { installHooks(child, channel); });
  return true;
}
