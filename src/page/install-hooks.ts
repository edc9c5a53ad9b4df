// Installs every hook into one window realm. Runs for the frame's own window at start-up
// and again for each same-origin child realm the page reaches (child-realm-hooks.ts); the
// first copy of the hook to reach a realm claims it (realm-claim.ts), so neither path
// installs twice: Chromium runs our content script in a new about:blank frame before its
// parent can reach it, other cases run the other way round. Workers get the same hooks
// from worker-hook.ts.
//
// Tamper resistance: the replaced properties keep the native attributes (writable,
// configurable). Each wrapper holds the only reference to its original, and the
// `prototype.constructor` back-links are redirected, so reassigning or deleting
// `WebAssembly.instantiate`, `WebSocket` and the like can only take the API away, never
// reveal an unwatched one. Read-only, non-configurable properties would add nothing to
// that and would throw in strict-mode code that legitimately re-wraps these APIs
// (session-replay, polyfills, test mocks).
import { createBehaviourTracker, type BehaviourSink } from './behaviour';
import { installBlobRegistry } from './blob-registry';
import { installChildRealmHooks } from './child-realm-hooks';
import type { HookChannel } from './hook-channel';
import { emit, type HookContext, type HookedWindow } from './hook-context';
import { windowScope } from './hook-scope';
import { disguiseToString } from './native-disguise';
import { createPolicy } from './page-policy';
import { installRegistrationHooks } from './registration-hooks';
import { installWasmHooks } from './wasm-hooks';
import { installWebSocketHooks } from './websocket-hooks';
import { installWorkerHooks } from './worker-hooks';
import { armRealmGuard, pristine, RealmTampered } from './realm-guard';
import { claimRealm } from './realm-claim';

function installRealm(win: HookedWindow, channel: HookChannel, workerHook: (() => string) | null, shared: BehaviourSink | null): void {
  const scope = windowScope(win);
  const ctx: HookContext = {
    win, channel, scope, workerHook,
    policy: createPolicy(channel, scope.host),
    behaviour: shared ?? createBehaviourTracker((fields) => emit(ctx, fields), win.navigator?.hardwareConcurrency ?? 0),
  };
  disguiseToString(win.Function.prototype);
  installWasmHooks(ctx);
  // Before the registry: the worker starter keeps the native createObjectURL for its own wrappers.
  installWorkerHooks(ctx);
  installBlobRegistry(win);
  installWebSocketHooks(ctx);
  installRegistrationHooks(ctx);
  // Adoption happens whenever the page reaches a new realm, long after its scripts started:
  // on the built-ins of install time, so a page cannot make it fail and keep the realm unhooked.
  installChildRealmHooks(ctx, (child) => {
    if (!claimRealm(child)) return;
    const adopt = () => { installRealm(child, channel, workerHook, ctx.behaviour); };
    try {
      pristine(adopt);
    } catch (e) {
      if (e instanceof RealmTampered) adopt();
      else throw e;
    }
  });
}

/**
 * Returns false, and opens no channel, when another copy of the hook already owns the
 * realm. `workerHook` reads the hook's own source (hook-main.ts), which every worker the
 * page starts runs first; without it workers start uninstrumented.
 */
export function installHooks(win: HookedWindow, openChannel: () => HookChannel, workerHook: (() => string) | null = null): boolean {
  if (!claimRealm(win)) return false;
  installRealm(win, openChannel(), workerHook, null);
  // After our own changes (the toString disguise), before any page script: judgements
  // run on the built-ins as they are now (realm-guard.ts).
  armRealmGuard();
  return true;
}
