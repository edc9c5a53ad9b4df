// Worker and SharedWorker construction. The script URL is checked against the page
// rules; a blocking hit in block mode constructs nothing and throws the SecurityError
// the browser itself throws for a script the page may not load (see refusals.ts).
// `startWorker` is the single place the native constructor runs, so in-worker
// instrumentation can later wrap the script there without touching the checks.
import { emit, type HookContext } from './hook-context';
import { apply, construct } from './intrinsics';
import { levelOfRule, ruleReason } from './make-finding';
import { disguiseConstructor, replaceValue } from './native-disguise';
import { loadRefusal } from './refusals';
import { matchLoadUrl, resolveUrl } from './script-url';

type WorkerKind = 'Worker' | 'SharedWorker';
type Ctor = (...args: never[]) => unknown;

/** Throws the refusal when the script must not load; reports what the rules say about it. */
function vetWorkerScript(ctx: HookContext, kind: WorkerKind, scriptUrl: unknown): void {
  if (!ctx.policy.checking()) return;
  const url = resolveUrl(ctx, scriptUrl);
  if (url === null) return; // The native constructor throws its own SyntaxError.
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
  if (refuse) throw loadRefusal(ctx.win, kind, url);
}

function startWorker(native: Ctor, args: unknown[], newTarget: Ctor): unknown {
  return construct(native, args, newTarget);
}

function hookWorkerConstructor(ctx: HookContext, kind: WorkerKind): void {
  const native = ctx.win[kind] as unknown as Ctor | undefined;
  if (typeof native !== 'function') return;
  function WorkerWrapper(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return apply(native!, this, args);
    vetWorkerScript(ctx, kind, args[0]);
    return startWorker(native!, args, new.target as Ctor);
  }
  replaceValue(ctx.win, kind, disguiseConstructor(WorkerWrapper, native));
}

export function installWorkerHooks(ctx: HookContext): void {
  hookWorkerConstructor(ctx, 'Worker');
  hookWorkerConstructor(ctx, 'SharedWorker');
}
