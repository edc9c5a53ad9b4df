// Inside an instrumented worker the base URL is the wrapper's (a blob: or data: URL),
// against which no relative URL resolves. The worker's own loads are rebased onto its
// original script URL, and importScripts is checked against the page rules like the
// Worker constructor is: by URL, and by text where content or hash rules ask for it.
import { argsWith } from './call-args';
import { emit, type HookContext } from './hook-context';
import { apply, promiseThen } from './intrinsics';
import { levelOfRule, ruleReason } from './make-finding';
import { replaceInChain } from './native-disguise';
import { matchLoadUrl, resolveUrl } from './script-url';
import { createScriptVetter } from './script-vet';

export function installWorkerScriptLoads(ctx: HookContext): void {
  const { win } = ctx;
  const vetter = createScriptVetter(ctx);

  /** `value` resolved against the original script URL when it is a string; anything else as is. */
  function rebased(value: unknown): unknown {
    if (typeof value !== 'string') return value;
    return resolveUrl(ctx, value) ?? value;
  }

  /** Reports what the rules say about a script URL; true when it must not load. */
  function vetScript(url: string): boolean {
    if (!ctx.policy.checking()) return false;
    const hit = matchLoadUrl(ctx, url, 'script');
    if (!hit) return false;
    const refuse = hit.action === 'block' && ctx.policy.blocking();
    emit(ctx, {
      kind: 'script', verdict: levelOfRule(hit), action: refuse ? 'blocked' : 'reported',
      reason: ruleReason(hit), ruleId: hit.ruleId, url, api: 'importScripts',
    });
    return refuse;
  }

  // importScripts cannot wait for the rules. Scripts loaded before they came are checked
  // once they do; a blocked one is then reported as blocked, and the starter stops the worker.
  let unchecked: string[] | null = null;
  if (ctx.channel.config() === null) {
    unchecked = [];
    apply(promiseThen, ctx.channel.afterConfig(), [() => {
      const urls = unchecked!;
      unchecked = null;
      for (let i = 0; i < urls.length; i++) vetScript(urls[i]!);
    }]);
  }

  replaceInChain(win, 'importScripts', (nativeImport) => ({
    importScripts(this: unknown, ...args: unknown[]): unknown {
      const urls: unknown[] = [];
      for (let i = 0; i < args.length; i++) {
        const url = resolveUrl(ctx, args[i]);
        urls[i] = url ?? args[i];
        if (url === null) continue;
        let refused = false;
        if (unchecked && ctx.channel.config() === null) unchecked[unchecked.length] = url;
        else refused = vetScript(url);
        refused ||= !vetter.vetSync({ source: url, url, kind: 'script', api: 'importScripts' });
        // What the browser throws for a script that failed to load.
        if (refused) throw new win.DOMException(`Failed to execute 'importScripts' on 'WorkerGlobalScope': The script at '${url}' failed to load.`, 'NetworkError');
      }
      return apply(nativeImport, this, urls);
    },
  }).importScripts);

  replaceInChain(win, 'fetch', (nativeFetch) => ({
    fetch(this: unknown, ...args: unknown[]): unknown {
      return apply(nativeFetch, this, argsWith(args, 0, rebased(args[0])));
    },
  }).fetch);

  const xhrProto = (win as unknown as { XMLHttpRequest?: { prototype: object } }).XMLHttpRequest?.prototype;
  if (xhrProto) {
    replaceInChain(xhrProto, 'open', (nativeOpen) => ({
      open(this: unknown, ...args: unknown[]): unknown {
        return apply(nativeOpen, this, argsWith(args, 1, rebased(args[1])));
      },
    }).open);
  }
}
