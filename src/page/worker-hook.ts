// The worker side of the hook: hook-main.ts calls it when given a boot record, which the
// wrapper (worker-boot.ts) does before the worker's own code runs. It installs the
// main-thread hooks into the worker global, with findings going up the private port to the
// realm that started the worker.
import type { HookContext, HookedWindow } from './hook-context';
import type { HookScope } from './hook-scope';
import { installBlobRegistry } from './blob-registry';
import { apply } from './intrinsics';
import { disguiseToString } from './native-disguise';
import { createPolicy } from './page-policy';
import { installWasmHooks } from './wasm-hooks';
import { installWebSocketHooks } from './websocket-hooks';
import type { BootHandles, WorkerBoot } from './worker-boot';
import { createScriptVetter, type ScriptLoad } from './script-vet';
import { openWorkerChannel } from './worker-channel';
import { installWorkerHooks } from './worker-hooks';
import { installWorkerScriptLoads } from './worker-script-loads';
import { armRealmGuard } from './realm-guard';
import { claimRealm } from './realm-claim';

/** Lets a shared worker's block report reach every connected page before it closes. */
export const SHARED_CLOSE_DELAY_MS = 100;

const functionToString = Function.prototype.toString;

type WorkerGlobal = typeof globalThis & { close(): void };

/**
 * `hookFunction` is the function this bundle was built into: its source instruments nested
 * workers. The wrapper's handles are left on `boot`, the wrapper's own object.
 */
export function start(boot: WorkerBoot & BootHandles, hookFunction: unknown): void {
  const self = globalThis as WorkerGlobal;
  // A worker's code can run its wrapper again (importScripts of its own URL).
  if (!claimRealm(self)) return;
  const close = self.close;
  const setTimer = self.setTimeout;
  const channel = openWorkerChannel(self, boot, () => {
    // A dedicated worker is terminated by its starter; nobody can terminate a shared one.
    if (boot.context === 'shared-worker') apply(setTimer, self, [() => apply(close, self, []), SHARED_CLOSE_DELAY_MS]);
  });
  const scope: HookScope = {
    context: boot.context,
    baseUrl: () => boot.url,
    host: boot.host,
    origin: boot.origin,
    frameUrl: () => boot.frameUrl,
    scriptUrl: boot.url,
  };
  const ctx: HookContext = {
    win: self as unknown as HookedWindow,
    channel,
    policy: createPolicy(channel, boot.host),
    scope,
    behaviour: channel.behaviour,
    workerHook: () => apply(functionToString, hookFunction, []) as string,
  };
  disguiseToString(self.Function.prototype);
  installWasmHooks(ctx);
  installWorkerHooks(ctx);
  installBlobRegistry(self);
  installWebSocketHooks(ctx);
  installWorkerScriptLoads(ctx);
  // Before the worker's own script: judgements run on the built-ins as they are now.
  armRealmGuard();

  const vetter = createScriptVetter(ctx);
  const ownScript = (source: string): ScriptLoad => ({
    source, url: boot.url, kind: 'worker', api: boot.context === 'shared-worker' ? 'new SharedWorker' : 'new Worker',
  });
  let releaseHello: (() => void) | null = null;
  boot.vet = (source) => vetter.vetSync(ownScript(source));
  boot.vetModule = (source) => {
    releaseHello ??= channel.holdHello();
    return vetter.vetAsync(ownScript(source));
  };
  boot.loaded = () => releaseHello?.();
}
