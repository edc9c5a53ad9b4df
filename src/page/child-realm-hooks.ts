// A fresh same-origin iframe (or about:blank popup) is a new realm with pristine
// WebAssembly, Worker and WebSocket, and the browser may run our content script in it
// only later, or not at all for the initial about:blank document. Code that reaches
// such a realm through these getters finds it already hooked: installation happens
// synchronously, before the getter returns.
//
// Not covered: indexed access (`window[0]`, `frames[0]`) reaches the same realm without
// any hookable getter.
import type { HookContext, HookedWindow } from './hook-context';
import { apply, getterOf } from './intrinsics';
import { disguise, replaceGetter, replaceValue } from './native-disguise';

type AdoptRealm = (win: HookedWindow) => void;
type Fn = (...args: never[]) => unknown;

export function installChildRealmHooks(ctx: HookContext, adopt: AdoptRealm): void {
  const { win } = ctx;
  const readDefaultView = getterOf(win.Document?.prototype, 'defaultView');

  function adoptWindow(value: unknown): void {
    if (value === null || value === undefined) return;
    try {
      adopt(value as HookedWindow);
    } catch {
      // Cross-origin: that realm gets its own content script.
    }
  }

  function adoptDocument(value: unknown): void {
    if (value === null || value === undefined || !readDefaultView) return;
    try {
      adoptWindow(apply(readDefaultView, value, []));
    } catch {
      // Not a document.
    }
  }

  const frameElements = [win.HTMLIFrameElement, win.HTMLFrameElement, win.HTMLObjectElement];
  for (const element of frameElements) {
    const proto = element?.prototype;
    if (!proto) continue;
    replaceGetter(proto, 'contentWindow', (original) => getterOf({
      get contentWindow(): unknown {
        const w = apply(original, this, []);
        adoptWindow(w);
        return w;
      },
    }, 'contentWindow') as Fn);
    replaceGetter(proto, 'contentDocument', (original) => getterOf({
      get contentDocument(): unknown {
        const d = apply(original, this, []);
        adoptDocument(d);
        return d;
      },
    }, 'contentDocument') as Fn);
  }

  const nativeOpen = win.open;
  if (typeof nativeOpen === 'function') {
    const open = {
      open(this: unknown, ...args: unknown[]): unknown {
        const w = apply(nativeOpen, this, args);
        adoptWindow(w);
        return w;
      },
    }.open;
    replaceValue(win, 'open', disguise(open, nativeOpen as Fn));
  }
}
