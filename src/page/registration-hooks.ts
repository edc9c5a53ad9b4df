// Code the page registers rather than constructs: worklet modules (audioWorklet,
// CSS.paintWorklet…) and service workers. Neither realm can be instrumented from here,
// so worklet modules are read and judged before the browser gets them (URL rules,
// content rules, embedded Wasm), and a refused one fails like a module that would not
// load. Service worker scripts are checked by URL.
import type { RuleHit } from '../engine/types';
import { emit, type HookContext } from './hook-context';
import { apply, promiseThen } from './intrinsics';
import { blobBehind } from './blob-registry';
import { levelOfRule, ruleReason } from './make-finding';
import { disguise, replaceValue } from './native-disguise';
import { blobText, scanScriptText, scriptReader } from './script-scan';
import { matchLoadUrl, resolveUrl } from './script-url';

type Fn = (...args: never[]) => unknown;

export function installRegistrationHooks(ctx: HookContext): void {
  installWorkletHook(ctx);
  installServiceWorkerHook(ctx);
}

function urlFinding(ctx: HookContext, kind: 'worklet' | 'service-worker', hit: RuleHit, url: string, api: string): boolean {
  const refuse = hit.action === 'block' && ctx.policy.blocking();
  emit(ctx, { kind, verdict: levelOfRule(hit), action: refuse ? 'blocked' : 'reported', reason: ruleReason(hit), ruleId: hit.ruleId, url, api });
  return refuse;
}

function installWorkletHook(ctx: HookContext): void {
  const { win } = ctx;
  const proto = (win as unknown as { Worklet?: { prototype: { addModule?: Fn } } }).Worklet?.prototype;
  const nativeAdd = proto?.addModule;
  if (!proto || typeof nativeAdd !== 'function') return;
  const RealmPromise = win.Promise;
  const readScript = scriptReader(win);
  const api = 'Worklet.addModule';
  // What Chrome rejects with for a module that fails to load.
  const refusal = () => new win.DOMException("Unable to load a worklet's module.", 'AbortError');

  async function vet(url: string): Promise<void> {
    await ctx.channel.whenConfigured();
    if (!ctx.policy.checking()) return;
    const hit = matchLoadUrl(ctx, url, 'script');
    if (hit && urlFinding(ctx, 'worklet', hit, url, api)) throw refusal();
    const blob = url.startsWith('blob:') ? blobBehind(url) : undefined;
    const text = blob ? await blobText(blob) : await readScript(url);
    if (text === null) return; // Unreadable: the browser's own load will fail the same way.
    const scan = scanScriptText(ctx, text);
    if (!scan) return;
    const refuse = scan.level === 'miner' && ctx.policy.blocking();
    emit(ctx, {
      kind: 'worklet', verdict: scan.level, action: refuse ? 'blocked' : 'reported', reason: scan.reason, url, api,
      ...(scan.ruleId !== undefined ? { ruleId: scan.ruleId } : {}),
      ...(scan.primitives ? { primitives: scan.primitives } : {}),
      ...(scan.hashes ? { hashes: scan.hashes } : {}),
    });
    if (refuse) throw refusal();
  }

  const addModule = {
    addModule(this: unknown, ...args: unknown[]): unknown {
      const url = resolveUrl(ctx, args[0]);
      if (url === null) return apply(nativeAdd, this, args);
      const worklet = this;
      return new RealmPromise((resolve, reject) => {
        const load = () => {
          try {
            resolve(apply(nativeAdd, worklet, args));
          } catch (e) {
            reject(e);
          }
        };
        apply(promiseThen, vet(url), [load, reject]);
      });
    },
  }.addModule;
  replaceValue(proto, 'addModule', disguise(addModule, nativeAdd));
}

function installServiceWorkerHook(ctx: HookContext): void {
  const { win } = ctx;
  const proto = (win as unknown as { ServiceWorkerContainer?: { prototype: { register?: Fn } } }).ServiceWorkerContainer?.prototype;
  const nativeRegister = proto?.register;
  if (!proto || typeof nativeRegister !== 'function') return;
  const RealmPromise = win.Promise;
  const refusal = (url: string) => new win.DOMException(`Failed to register a ServiceWorker: the script at '${url}' may not be loaded.`, 'SecurityError');
  const unregister = (win as unknown as { ServiceWorkerRegistration?: { prototype: { unregister?: Fn } } }).ServiceWorkerRegistration?.prototype.unregister;
  const vet = (url: string) => {
    const hit = ctx.policy.checking() ? matchLoadUrl(ctx, url, 'script') : null;
    return hit !== null && urlFinding(ctx, 'service-worker', hit, url, 'ServiceWorkerContainer.register');
  };
  const register = {
    register(this: unknown, ...args: unknown[]): unknown {
      const url = resolveUrl(ctx, args[0]);
      if (url === null) return apply(nativeRegister, this, args);
      const container = this;
      // Asynchronous anyway, so it can wait for the rules like the other async hooks.
      return new RealmPromise((resolve, reject) => {
        apply(promiseThen, ctx.channel.whenConfigured(), [() => {
          const configured = ctx.channel.config() !== null;
          try {
            if (vet(url)) {
              reject(refusal(url));
              return;
            }
            const registration = apply(nativeRegister, container, args);
            resolve(registration);
            if (configured) return;
            // Tried before the rules came: checked once they do, and unregistered if they list it.
            const late = (r: unknown) => apply(promiseThen, ctx.channel.afterConfig(), [() => {
              if (vet(url) && r && unregister) apply(unregister, r, []);
            }]);
            apply(promiseThen, registration, [late, () => late(null)]);
          } catch (e) {
            reject(e);
          }
        }]);
      });
    },
  }.register;
  replaceValue(proto, 'register', disguise(register, nativeRegister));
}
