// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { HookedWindow } from '../../../src/page/hook-context';
import { installHooks } from '../../../src/page/install-hooks';
import { claimRealm } from '../../../src/page/realm-claim';
import { fakeChannel, fixture } from './fake-realm';

const miner = fixture('demo-miner.wasm');

describe('same-origin child realms', () => {
  const originalGetter = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow')!.get!;
  const originalText = Function.prototype.toString.call(originalGetter);
  const channel = fakeChannel();
  installHooks(window as unknown as HookedWindow, () => channel);

  function frame(): HTMLIFrameElement {
    const f = document.createElement('iframe');
    document.body.append(f);
    return f;
  }

  it('hooks a fresh iframe realm the moment the parent reaches it through contentWindow', () => {
    const child = frame().contentWindow as unknown as HookedWindow;
    expect(claimRealm(child)).toBe(false);
    expect(() => new child.WebAssembly.Module(miner)).toThrow(child.WebAssembly.CompileError);
    expect(channel.findings.at(-1)).toMatchObject({ api: 'WebAssembly.Module', action: 'blocked' });
  });

  it('also through contentDocument', () => {
    const doc = frame().contentDocument!;
    const child = doc.defaultView as unknown as HookedWindow;
    expect(claimRealm(child)).toBe(false);
  });

  it('the child gets the wrappers once, and its wrappers look native there too', () => {
    const f = frame();
    const first = (f.contentWindow as unknown as HookedWindow).WebAssembly.instantiate;
    const again = (f.contentWindow as unknown as HookedWindow).WebAssembly.instantiate;
    expect(again).toBe(first);
    const childToString = (f.contentWindow as unknown as HookedWindow).Function.prototype.toString;
    expect(childToString.call(first)).toMatch(/^function instantiate\(\) \{\s*\[native code\]\s*\}$/);
    expect(Object.getPrototypeOf(first)).toBe((f.contentWindow as unknown as HookedWindow).Function.prototype);
  });

  it('the wrapped contentWindow getter reads as the original', () => {
    const getter = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow')!.get!;
    expect(getter).not.toBe(originalGetter);
    expect(Function.prototype.toString.call(getter)).toBe(originalText);
    expect(getter.name).toBe(originalGetter.name);
  });
});
