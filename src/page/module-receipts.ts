// Modules arriving in a message were compiled in another realm: a page's own worker, a
// same-origin frame, or (emscripten pthreads) the main thread posting its module to the
// workers that share it. A module can only be posted within the same agent cluster, whose
// realms all run this hook, so it was judged where it was compiled; it is cleared for
// `new Instance` / `instantiate(module)` here when the page reads it from the event.
//
// Only where emscripten and similar loaders put it: the message itself, or an own data
// property of the plain object or short array that is the message. A module any deeper is
// not cleared (and is refused), which keeps the look cheap for every message a page reads.
import type { HookContext } from './hook-context';
import { apply, getOwnPropertyDescriptor, getPrototypeOf, getterOf, ownKeys } from './intrinsics';
import { clearModule } from './module-records';
import { replaceGetter } from './native-disguise';

/** Properties looked at in one message object. */
export const RECEIPT_KEYS_MAX = 64;

type Fn = (...args: never[]) => unknown;

export function installModuleReceipts(ctx: HookContext, NativeModule: typeof WebAssembly.Module): void {
  const eventProto = ctx.win.MessageEvent?.prototype;
  const moduleProto = NativeModule.prototype as object;
  const objectProto = ctx.win.Object?.prototype as object | undefined;
  const arrayProto = ctx.win.Array?.prototype as object | undefined;
  if (!eventProto || !moduleProto) return;

  function note(value: unknown): void {
    if (typeof value !== 'object' || value === null) return;
    const proto = getPrototypeOf(value);
    if (proto === moduleProto) {
      clearModule(value);
      return;
    }
    if (proto !== objectProto && proto !== null && proto !== arrayProto) return;
    if (proto === arrayProto && (getOwnPropertyDescriptor(value, 'length')?.value as number) > RECEIPT_KEYS_MAX) return;
    const keys = ownKeys(value);
    for (let i = 0; i < keys.length && i < RECEIPT_KEYS_MAX; i++) {
      const v = getOwnPropertyDescriptor(value, keys[i]!)?.value;
      if (typeof v === 'object' && v !== null && getPrototypeOf(v) === moduleProto) clearModule(v);
    }
  }

  replaceGetter(eventProto, 'data', (original) => getterOf({
    get data(): unknown {
      const value = apply(original, this, []);
      try {
        note(value);
      } catch {
        // A revoked proxy or the like: nothing to clear.
      }
      return value;
    },
  }, 'data') as Fn);
}
