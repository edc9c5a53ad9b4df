// Worker and SharedWorker construction. The script URL is checked against the page
// rules; a blocking hit in block mode constructs nothing and throws the SecurityError
// the browser itself throws for a script the page may not load (see refusals.ts).
//
// Every other worker is started instrumented (worker-start.ts): the same hook runs
// inside it before its own code. `startWorker` is the single place the native
// constructor runs.
import { emit, type HookContext } from './hook-context';
import { apply, construct, promiseThen, SafeWeakMap } from './intrinsics';
import { levelOfRule, ruleReason } from './make-finding';
import { disguiseConstructor, replaceValue } from './native-disguise';
import { loadRefusal } from './refusals';
import { matchLoadUrl, resolveUrl } from './script-url';
import { createWorkerLinker, type LinkedWorker } from './worker-link';
import { installWorkerRelay } from './worker-relay';
import { createWorkerStarter, type WorkerKind } from './worker-start';

type Ctor = (...args: never[]) => unknown;

/** Throws the refusal when the script must not load; reports what the rules say about it. */
function vetWorkerScript(ctx: HookContext, kind: WorkerKind, url: string | null): void {
  if (url === null || !ctx.policy.checking()) return; // A null URL: the native constructor throws its own SyntaxError.
  const hit = matchLoadUrl(ctx, url, 'script');
  if (!hit) return;
  const refuse = hit.action === 'block' && ctx.policy.blocking();
  emit(ctx, {
    kind: 'worker',
    verdict: levelOfRule(hit),
    action: refuse ? 'blocked' : 'reported',
    reason: ruleReason(hit),
    ruleId: hit.ruleId,
    url,
    api: `new ${kind}`,
  });
  if (refuse) throw loadRefusal(ctx.win, ctx.scope.origin, kind, url);
}

export function installWorkerHooks(ctx: HookContext): void {
  const links = new SafeWeakMap<object, LinkedWorker>();
  const linker = createWorkerLinker(ctx);
  const instrument = linker !== null && ctx.workerHook !== null;
  // A worker the page stops itself no longer answers heartbeats; that silence is not a busy loop.
  const relay = instrument ? installWorkerRelay(ctx.win, (worker) => links.get(worker)?.ended()) : null;
  const starter = instrument && relay ? createWorkerStarter(ctx, linker!, relay) : null;

  /**
   * A worker started before the bridge sent the rules was checked on fingerprints only.
   * Its URL is checked again once they are there, however late. Until then, for at most
   * the config wait, the page's messages to it wait too, so a miner waiting for its
   * first job has none when a rule stops it.
   */
  function vetOnceConfigured(kind: WorkerKind, worker: object, url: string): void {
    const gated = kind === 'Worker' && relay !== null;
    let vetted = false;
    const vet = () => {
      if (vetted || ctx.channel.config() === null) return;
      vetted = true;
      try {
        vetWorkerScript(ctx, kind, url);
      } catch {
        // Refused now: the worker has started, so it is stopped instead (shared workers cannot be).
        if (gated) relay.terminate(worker);
      }
    };
    if (gated) relay.hold(worker);
    apply(promiseThen, ctx.channel.whenConfigured(), [() => {
      vet();
      if (gated) relay.release(worker);
    }]);
    apply(promiseThen, ctx.channel.afterConfig(), [vet]);
  }

  function hookWorkerConstructor(kind: WorkerKind): void {
    const native = ctx.win[kind] as unknown as Ctor | undefined;
    if (typeof native !== 'function') return;

    function startWorker(args: unknown[], newTarget: Ctor, url: string | null): unknown {
      if (!starter || url === null || !ctx.policy.checking()) return construct(native!, args, newTarget);
      const started = starter.start(kind, native!, args, newTarget, url);
      if (started.link) links.set(started.worker as object, started.link);
      return started.worker;
    }

    function WorkerWrapper(this: unknown, ...args: unknown[]): unknown {
      if (!new.target) return apply(native!, this, args);
      const url = resolveUrl(ctx, args[0]);
      const configured = ctx.channel.config() !== null;
      vetWorkerScript(ctx, kind, url);
      const worker = startWorker(args, new.target as Ctor, url) as object;
      if (ctx.policy.checking()) ctx.behaviour.workerStarted();
      if (!configured && url !== null) vetOnceConfigured(kind, worker, url);
      return worker;
    }
    replaceValue(ctx.win, kind, disguiseConstructor(WorkerWrapper, native));
  }

  hookWorkerConstructor('Worker');
  hookWorkerConstructor('SharedWorker');
}
