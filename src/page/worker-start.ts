// Starts a worker with the hook inside it. The script URL the browser gets is a wrapper
// (worker-boot.ts) that runs the hook, then the original script; the starter then hands
// the worker a private port (worker-link.ts).
//
// What the wrapper cannot preserve, inside the worker:
// - `self.location` and a classic worker's base URL are the wrapper's. The hook resolves
//   relative URLs given to importScripts, fetch, XMLHttpRequest, WebSocket and nested
//   Worker against the original script URL (worker-realm.ts); `new URL(x, location)`
//   and other readers of `location` still see the wrapper's URL. Module workers resolve
//   their own imports against the original URL (import.meta.url is the original).
// - A classic script's errors name the original URL through importScripts, not the
//   worker's top-level script.
// - Shared workers are shared per (wrapper URL, name): two documents that each start
//   `new SharedWorker(url)` get two instances. Within one document the wrapper is reused,
//   so repeated constructions there still share one worker.
// - data: workers keep their opaque origin (the wrapper is itself a data: URL).
//
// When the browser refuses the wrapper (a CSP `worker-src` without blob:), the original
// worker starts uninstrumented: at once when the constructor throws, or behind the
// object the page already holds when the wrapper fails to load (worker-relay.ts; shared
// workers cannot be swapped that way and stay failed). Its script is then read and
// judged by content and embedded Wasm, and a diagnostic finding says it ran unwatched.
import { emit, type HookContext } from './hook-context';
import { apply, construct, getterOf, promiseThen, randomToken } from './intrinsics';
import { argsWith } from './call-args';
import { blobBehind } from './blob-registry';
import { blobText, scanScriptText, scriptReader } from './script-scan';
import { classicWrapper, dataUrl, hookCall, moduleWrapper, vettedModuleWrapper, vettingHookModule, type WorkerBoot } from './worker-boot';
import { judgesScripts } from './page-policy';
import type { LinkedWorker, WorkerLinker } from './worker-link';
import type { WorkerRelay } from './worker-relay';

export type WorkerKind = 'Worker' | 'SharedWorker';
type Ctor = (...args: never[]) => unknown;

export interface StartedWorker {
  worker: unknown;
  link: LinkedWorker | null;
}

function readType(options: unknown): unknown {
  if (typeof options !== 'object' || options === null) return undefined;
  try {
    return (options as { type?: unknown }).type;
  } catch {
    return undefined; // The native constructor meets the same throwing getter and reports it.
  }
}

function readName(options: unknown): string {
  if (typeof options === 'string') return options;
  if (typeof options !== 'object' || options === null) return '';
  try {
    return String((options as { name?: unknown }).name ?? '');
  } catch {
    return '';
  }
}

export function createWorkerStarter(ctx: HookContext, linker: WorkerLinker, relay: WorkerRelay) {
  const { win } = ctx;
  const NativeBlob = win.Blob;
  const createUrl = win.URL.createObjectURL;
  const revokeUrl = win.URL.revokeObjectURL;
  const listen = win.EventTarget.prototype.addEventListener;
  const stopImmediate = win.Event.prototype.stopImmediatePropagation;
  const readErrorMessage = getterOf(win.ErrorEvent?.prototype, 'message');
  const readSharedPort = win.SharedWorker ? getterOf(win.SharedWorker.prototype, 'port') : undefined;
  const portPost = win.MessagePort.prototype.postMessage;
  const readScript = scriptReader(win);
  /** Shared-worker wrappers per original URL and name, so one document keeps sharing one instance. */
  const sharedWrappers: Record<string, { url: string; token: string }> = Object.create(null);

  function objectUrl(text: string): string {
    return apply(createUrl, win.URL, [new NativeBlob([text], { type: 'text/javascript' })]) as string;
  }

  /** The URL the wrapper loads the original from, and object URLs made for it. */
  function originalSource(url: string, made: string[]): string {
    if (!url.startsWith('blob:')) return url;
    const blob = blobBehind(url);
    if (!blob) return url;
    const own = apply(createUrl, win.URL, [blob]) as string;
    made[made.length] = own;
    return own;
  }

  /** The rules judge script text, or have not come yet: a module worker's script is then read before it is imported. */
  function readsScripts(): boolean {
    if (ctx.channel.config() === null) return true;
    const matcher = ctx.policy.matcher();
    return matcher !== null && judgesScripts(matcher);
  }

  function wrapperUrl(boot: WorkerBoot, module: boolean, made: string[]): string {
    const source = ctx.workerHook!();
    const isData = boot.url.startsWith('data:');
    const original = originalSource(boot.url, made);
    if (!module) {
      const text = classicWrapper(source, boot, original);
      if (isData) return dataUrl(text);
      const url = objectUrl(text);
      made[made.length] = url;
      return url;
    }
    const vetting = readsScripts();
    const hookText = vetting ? vettingHookModule(source, boot) : hookCall(source, boot);
    const hook = isData ? dataUrl(hookText) : objectUrl(hookText);
    if (!isData) made[made.length] = hook;
    const text = vetting ? vettedModuleWrapper(hook, original) : moduleWrapper(hook, original);
    if (isData) return dataUrl(text);
    const url = objectUrl(text);
    made[made.length] = url;
    return url;
  }

  /**
   * A worker running unwatched: say so, read its script, and stop it if the script shows a
   * miner. `judged` runs once that is decided (the page's held messages may then go through).
   */
  function scanUnwatched(kind: WorkerKind, url: string, stop: (() => void) | null, judged: () => void): void {
    emit(ctx, {
      kind: 'worker',
      verdict: 'clean',
      action: 'reported',
      reason: 'worker could not be instrumented (the page refused the wrapper, e.g. a CSP worker-src without blob:); its script is scanned instead',
      url,
      api: `new ${kind}`,
    });
    const blob = url.startsWith('blob:') ? blobBehind(url) : undefined;
    apply(promiseThen, blob ? blobText(blob) : readScript(url), [(text: string | null) => {
      const scan = text !== null && ctx.policy.checking() ? scanScriptText(ctx, text) : null;
      if (!scan) {
        judged();
        return;
      }
      const refuse = scan.level === 'miner' && ctx.policy.blocking() && stop !== null;
      emit(ctx, {
        kind: 'worker', verdict: scan.level, action: refuse ? 'blocked' : 'reported', reason: scan.reason, url, api: `new ${kind}`,
        ...(scan.ruleId !== undefined ? { ruleId: scan.ruleId } : {}),
        ...(scan.primitives ? { primitives: scan.primitives } : {}),
        ...(scan.hashes ? { hashes: scan.hashes } : {}),
      });
      if (refuse) stop!();
      judged();
    }]);
  }

  /** True for the plain Event a worker fires when its script fails to load; runtime errors are ErrorEvents. */
  function isLoadFailure(event: Event): boolean {
    if (!readErrorMessage) return false;
    try {
      apply(readErrorMessage, event, []);
      return false;
    } catch {
      return true;
    }
  }

  /** A dedicated worker whose wrapper may yet be refused: the original takes its place if so. */
  function watchLoad(worker: object, native: Ctor, args: unknown[], url: string): { loaded(): void } {
    let loaded = false;
    relay.hold(worker);
    apply(listen, worker, ['error', (event: Event) => {
      if (loaded || !isLoadFailure(event)) return;
      loaded = true;
      apply(stopImmediate, event, []);
      let real: object;
      try {
        real = construct(native, args, native) as object;
      } catch {
        return;
      }
      relay.substitute(worker, real);
      scanUnwatched('Worker', url, () => relay.terminate(worker), () => relay.release(worker));
    }]);
    return {
      loaded() {
        loaded = true;
        relay.release(worker);
      },
    };
  }

  return {
    start(kind: WorkerKind, native: Ctor, args: unknown[], newTarget: Ctor, url: string): StartedWorker {
      const module = readType(args[1]) === 'module';
      const shared = kind === 'SharedWorker';
      const key = `${module ? 'm' : 'c'} ${readName(args[1])} ${url}`;
      const reuse = shared ? sharedWrappers[key] : undefined;
      const made: string[] = [];
      const boot: WorkerBoot = {
        token: reuse?.token ?? randomToken(),
        url,
        context: shared ? 'shared-worker' : 'worker',
        frameUrl: ctx.scope.frameUrl(),
        host: ctx.scope.host,
        origin: ctx.scope.origin,
        config: ctx.channel.config(),
      };
      let worker: object;
      let wrapped: string;
      try {
        wrapped = reuse?.url ?? wrapperUrl(boot, module, made);
        worker = construct(native, argsWith(args, 0, wrapped), newTarget) as object;
      } catch {
        for (let i = 0; i < made.length; i++) apply(revokeUrl, win.URL, [made[i]]);
        const unwatched = construct(native, args, newTarget) as object;
        if (shared) {
          scanUnwatched(kind, url, null, () => {});
        } else {
          relay.hold(unwatched);
          scanUnwatched(kind, url, () => relay.terminate(unwatched), () => relay.release(unwatched));
        }
        return { worker: unwatched, link: null };
      }
      if (shared) {
        // Kept alive for the document's later connections to the same worker.
        sharedWrappers[key] = { url: wrapped, token: boot.token };
        made.length = 0;
      }
      const load = shared ? null : watchLoad(worker, native, args, url);
      const link = linker.link({
        context: boot.context,
        url,
        objectUrls: made,
        onHello: () => load?.loaded(),
        handOver: shared
          ? (token, port) => apply(portPost, apply(readSharedPort!, worker, []), [token, [port]])
          : (token, port) => relay.postDirect(worker, [token, [port]]),
        ...(shared ? {} : { stop: () => relay.terminate(worker) }),
      }, boot.token);
      return { worker, link };
    },
  };
}
