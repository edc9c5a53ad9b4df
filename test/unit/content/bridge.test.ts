// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { PageConfig } from '../../../src/engine/protocol';
import { CONFIG_EVENT, FINDING_EVENT, HELLO_EVENT, WANT_CONFIG_EVENT } from '../../../src/page/channel-events';

const CONFIG: PageConfig = { mode: 'block', allowed: false, rules: '{}' };

const sendMessage = vi.fn(async (message: { type: string }) => (message.type === 'ms:get-page-config' ? CONFIG : undefined));
// The bridge reaches the runtime without the polyfill: Chrome's `chrome`, Firefox's `browser`.
vi.stubGlobal('chrome', { runtime: { sendMessage } });

/** Plays the MAIN-world hook: says hello with a private port and listens for the config. */
function fakeHook() {
  const port = document.createElement('span');
  const configs: unknown[] = [];
  port.addEventListener(CONFIG_EVENT, (e) => configs.push((e as CustomEvent).detail));
  document.dispatchEvent(new MouseEvent(HELLO_EVENT, { relatedTarget: port }));
  const send = (detail: string) => port.dispatchEvent(new CustomEvent(FINDING_EVENT, { detail }));
  const want = () => port.dispatchEvent(new CustomEvent(WANT_CONFIG_EVENT));
  return { configs, send, want };
}

describe('bridge content script', () => {
  it('asks for the page config, relays it to the hook, and forwards only valid findings without a tab id', async () => {
    await import('../../../src/content/bridge.iife');
    const hook = fakeHook();
    expect(sendMessage).toHaveBeenCalledWith({ type: 'ms:get-page-config', url: location.href });
    await vi.waitFor(() => expect(sendMessage.mock.results[0]?.value).toBeDefined());
    await sendMessage.mock.results[0]!.value;
    await new Promise((r) => setTimeout(r, 0));
    // Fetched, but only handed over once the hook asks: a frame that never calls a hooked
    // API never copies and parses the rules.
    expect(hook.configs).toHaveLength(0);
    hook.want();
    expect(hook.configs).toHaveLength(1);
    expect(JSON.parse(hook.configs[0] as string)).toEqual(CONFIG);

    const finding = { kind: 'websocket', verdict: 'miner', action: 'blocked', reason: 'Stratum login sent', time: 1 };
    hook.send(JSON.stringify(finding));
    hook.send(JSON.stringify({ ...finding, tabId: 99 }));
    hook.send('not json');
    const forwarded = sendMessage.mock.calls.map(([m]) => m).filter((m) => m.type === 'ms:finding');
    expect(forwarded).toEqual([{ type: 'ms:finding', finding: { ...finding, time: expect.any(Number) } }]);
    expect(JSON.stringify(forwarded)).not.toContain('tabId');
  });

  it('in a subframe, asks the background for the config only once the hook wants it', async () => {
    const { startBridge } = await import('../../../src/content/start-bridge');
    const send = vi.fn(async (message: { type: string }) => (message.type === 'ms:get-page-config' ? CONFIG : undefined));
    const requests = () => send.mock.calls.filter(([m]) => m.type === 'ms:get-page-config');
    startBridge(document, { sendMessage: send }, { eagerConfig: false });
    const hook = fakeHook();
    // Findings travel without a config: a frame that never asks costs the background nothing.
    hook.send(JSON.stringify({ kind: 'wasm', verdict: 'miner', action: 'blocked', reason: 'subframe miner', time: 1 }));
    await new Promise((r) => setTimeout(r, 0));
    expect(send.mock.calls.map(([m]) => m.type)).toEqual(['ms:finding']);
    expect(requests()).toHaveLength(0);

    hook.want();
    hook.want();
    expect(requests()).toEqual([[{ type: 'ms:get-page-config', url: location.href }]]);
    await vi.waitFor(() => expect(hook.configs).toHaveLength(1));
    expect(JSON.parse(hook.configs[0] as string)).toEqual(CONFIG);
  });
});
