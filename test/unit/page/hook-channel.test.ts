// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { listenForHook } from '../../../src/content/bridge-channel';
import type { PageConfig } from '../../../src/engine/protocol';
import type { Finding } from '../../../src/engine/types';
import { HELLO_EVENT } from '../../../src/page/channel-events';
import { CONFIG_WAIT_MS, openHookChannel } from '../../../src/page/hook-channel';
import type { HookedWindow } from '../../../src/page/hook-context';

const CONFIG: PageConfig = { mode: 'report-only', allowed: false, rules: '{"version":1}' };
const FINDING: Finding = {
  kind: 'wasm', verdict: 'miner', action: 'blocked', reason: 'miner (CryptoNight: AES+Keccak)',
  primitives: ['AES', 'Keccak'], api: 'WebAssembly.instantiate', time: 1,
};

/** jsdom's window with timers the test fires itself. */
function realm() {
  const timers: { fn: () => void; delay: number }[] = [];
  const win = new Proxy(window, {
    get: (target, key) => (key === 'setTimeout'
      ? (fn: () => void, delay: number) => timers.push({ fn, delay })
      : Reflect.get(target, key)),
  }) as unknown as HookedWindow;
  return { win, timers };
}

describe('hook ↔ bridge channel', () => {
  it('the hello hands over a detached element as the port', () => {
    let port: unknown;
    const listener = (e: Event) => { port = (e as MouseEvent).relatedTarget; };
    document.addEventListener(HELLO_EVENT, listener);
    openHookChannel(realm().win);
    document.removeEventListener(HELLO_EVENT, listener);
    expect(port).toBeInstanceOf(Element);
    expect((port as Element).isConnected).toBe(false);
  });

  it('carries findings to the bridge and config to the hook, as JSON strings', async () => {
    const details: unknown[] = [];
    const bridge = listenForHook(document, (d) => details.push(d));
    bridge.sendConfig(CONFIG); // before the hello: kept until the hook connects
    const hook = openHookChannel(realm().win);
    expect(hook.config()).toEqual(CONFIG);
    await hook.whenConfigured();
    hook.report(FINDING);
    expect(details).toHaveLength(1);
    expect(typeof details[0]).toBe('string');
    expect(JSON.parse(details[0] as string)).toEqual(FINDING);
  });

  it('the bridge keeps the config until the hook asks, then the hook has it at once', () => {
    const bridge = listenForHook(document, () => {});
    const sent: unknown[] = [];
    let port: Element | null = null;
    const grab = (e: Event) => { port = (e as MouseEvent).relatedTarget as Element; };
    document.addEventListener(HELLO_EVENT, grab);
    const hook = openHookChannel(realm().win);
    document.removeEventListener(HELLO_EVENT, grab);
    port!.addEventListener('miner-sentry:config', (e) => sent.push((e as CustomEvent).detail));
    bridge.sendConfig(CONFIG);
    expect(sent).toEqual([]);
    expect(hook.config()).toEqual(CONFIG);
    expect(sent).toHaveLength(1);
    hook.config();
    expect(sent).toHaveLength(1);
  });

  it('ignores a later hello, so a page cannot take the channel over', () => {
    const details: unknown[] = [];
    const bridge = listenForHook(document, (d) => details.push(d));
    const hook = openHookChannel(realm().win);
    const forged = document.createElement('span');
    let forgedConfig: unknown = null;
    forged.addEventListener('miner-sentry:config', (e) => { forgedConfig = (e as CustomEvent).detail; });
    document.dispatchEvent(new MouseEvent(HELLO_EVENT, { relatedTarget: forged }));
    bridge.sendConfig(CONFIG);
    expect(forgedConfig).toBeNull();
    expect(hook.config()).toEqual(CONFIG);
  });

  it('whenConfigured gives up after the bounded wait when no bridge answers', async () => {
    const { win, timers } = realm();
    const hook = openHookChannel(win);
    let settled = false;
    void hook.whenConfigured().then(() => { settled = true; });
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(timers.map((t) => t.delay)).toEqual([CONFIG_WAIT_MS]);
    timers[0].fn();
    await Promise.resolve();
    expect(settled).toBe(true);
    expect(hook.config()).toBeNull();
  });

  it('page patches of JSON and Array.prototype.toJSON after start-up do not alter findings', () => {
    const details: unknown[] = [];
    listenForHook(document, (d) => details.push(d));
    const hook = openHookChannel(realm().win);
    const stringify = JSON.stringify;
    const proto = Array.prototype as unknown as { toJSON?: () => unknown };
    JSON.stringify = () => '"tampered"';
    proto.toJSON = () => 'tampered';
    try {
      hook.report(FINDING);
    } finally {
      JSON.stringify = stringify;
      delete proto.toJSON;
    }
    expect(JSON.parse(details[0] as string)).toEqual(FINDING);
  });
});
