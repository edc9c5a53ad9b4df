// @vitest-environment jsdom
// A hooked realm must not tell a page that it is hooked, yet a second copy of the hook
// (our content script in a frame the parent already adopted, or the other way round)
// must find out and stay away. See src/page/realm-claim.ts.
//
// The frames' windows are jsdom's own event targets; the test's top `window` is Node's
// global dressed up as one, so the questions are asked in frames.
import { describe, expect, it, vi } from 'vitest';
import type { HookedWindow } from '../../../src/page/hook-context';
import { installHooks } from '../../../src/page/install-hooks';
import { fakeChannel } from './fake-realm';

/** Another copy of the hook bundle: its own module state, as a second content script has. */
async function secondCopy(): Promise<typeof installHooks> {
  vi.resetModules();
  return (await import('../../../src/page/install-hooks')).installHooks;
}

const keysOf = (o: object) => new Set(Reflect.ownKeys(o));
const added = (after: Set<PropertyKey>, was: Set<PropertyKey>) => [...after].filter((k) => !was.has(k)).map(String);
// The frame's own content script reaches its window without the parent's adoption.
const unadoptedWindow = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow')!.get!;

function frame(): HTMLIFrameElement {
  const f = document.createElement('iframe');
  document.body.append(f);
  return f;
}

describe('who owns a realm', () => {
  const before = { window: keysOf(window), wasm: keysOf(WebAssembly) };
  installHooks(window as unknown as HookedWindow, () => fakeChannel());

  it('a hooked window carries no property a page could list', () => {
    expect(added(keysOf(window), before.window)).toEqual([]);
    expect(added(keysOf(WebAssembly), before.wasm)).toEqual([]);
    expect(Symbol.for('miner-sentry.hooked') in window).toBe(false);
  });

  it('an adopted frame carries no property either', () => {
    const f = frame();
    const plain = keysOf(unadoptedWindow.call(f) as object);
    const child = f.contentWindow!;
    expect(added(keysOf(child), plain)).toEqual([]);
  });

  it('the late content script leaves a frame the parent adopted alone, and the page hears nothing', async () => {
    const child = frame().contentWindow as unknown as HookedWindow;
    const adoptedCompile = child.WebAssembly.compile;
    const heard: string[] = [];
    child.addEventListener('miner-sentry:claim', (e) => heard.push(`capture ${e.type}`), true);
    child.addEventListener('miner-sentry:claim', (e) => heard.push(`bubble ${e.type}`));
    const install = await secondCopy();
    let opened = 0;
    expect(install(child, () => { opened++; return fakeChannel(); })).toBe(false);
    expect(opened).toBe(0);
    expect(child.WebAssembly.compile).toBe(adoptedCompile);
    expect(heard).toEqual([]);
  });

  it("a frame its own copy hooked first is not hooked again when the parent reaches it", async () => {
    const f = frame();
    const child = unadoptedWindow.call(f) as HookedWindow;
    const nativeCompile = child.WebAssembly.compile;
    const install = await secondCopy();
    let opened = 0;
    expect(install(child, () => { opened++; return fakeChannel(); })).toBe(true);
    expect(opened).toBe(1);
    const ownCompile = child.WebAssembly.compile;
    expect(ownCompile).not.toBe(nativeCompile);
    // The parent's copy adopts on this access and must find the frame taken.
    expect(f.contentWindow).toBe(child);
    expect(child.WebAssembly.compile).toBe(ownCompile);
  });
});
