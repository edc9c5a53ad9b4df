// Installs every hook into one window realm. Runs for the frame's own window at start-up
// and again for each same-origin child realm the page reaches (child-realm-hooks.ts); a
// realm is marked so neither path installs twice, including our own content script
// arriving late in an about:blank frame that its parent already hooked. Workers get the
// same hooks from worker-hook.ts.
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
import { INSTALLED, isHooked } from './hooked-mark';
import { defineProperty } from './intrinsics';
import { disguiseToString } from './native-disguise';
import { createPolicy } from './page-policy';
import { installRegistrationHooks } from './registration-hooks';
import { installWasmHooks } from './wasm-hooks';
import { installWebSocketHooks } from './websocket-hooks';
import { installWorkerHooks } from './worker-hooks';
import { armRealmGuard, pristine, RealmTampered } from './realm-guard';

export { INSTALLED, isHooked } from './hooked-mark';

function installRealm(win: HookedWindow, channel: HookChannel, workerHook: string | null, shared: BehaviourSink | null): boolean {
  if (isHooked(win)) return false;
  defineProperty(win, INSTALLED, { value: true });
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
    const adopt = () => { installRealm(child, channel, workerHook, ctx.behaviour); };
    try {
      pristine(adopt);
    } catch (e) {
      if (e instanceof RealmTampered) adopt();
      else throw e;
    }
  });
  return true;
}

/**
 * Returns false when the realm was already hooked. `workerHook` is the worker-side hook's
 * source (src/page/generated/worker-hook-source.ts); without it workers start uninstrumented.
 */
export function installHooks(win: HookedWindow, channel: HookChannel, workerHook: string | null = null): boolean {
  const installed = installRealm(win, channel, workerHook, null);
  // After our own changes (the toString disguise), before any page script: judgements
  // run on the built-ins as they are now (realm-guard.ts).
  armRealmGuard();
  return installed;
}
