// @vitest-environment jsdom
import { expect, it, vi } from 'vitest';
import { FINDING_EVENT, HELLO_EVENT, WANT_CONFIG_EVENT } from '../../../src/page/channel-events';

// Firefox builds a content script's extension API objects when the script first reads
// `browser`: a subframe's bridge must not read it before it has something to send.
it('a subframe bridge reaches the extension API only when it first sends', async () => {
  let reads = 0;
  const sendMessage = vi.fn(async () => undefined);
  vi.stubGlobal('browser', undefined);
  Object.defineProperty(globalThis, 'chrome', { configurable: true, get: () => { reads++; return { runtime: { sendMessage } }; } });
  // A subframe: its top is another window.
  Object.defineProperty(window, 'top', { configurable: true, get: () => ({}) });
  await import('../../../src/content/bridge.iife');
  const port = document.createElement('span');
  document.dispatchEvent(new MouseEvent(HELLO_EVENT, { relatedTarget: port }));
  expect(reads).toBe(0);
  port.dispatchEvent(new CustomEvent(WANT_CONFIG_EVENT));
  expect(reads).toBe(1);
  expect(sendMessage).toHaveBeenCalledWith({ type: 'ms:get-page-config', url: location.href });
  port.dispatchEvent(new CustomEvent(FINDING_EVENT, { detail: JSON.stringify({ kind: 'websocket', verdict: 'miner', action: 'blocked', reason: 'Stratum login sent', time: 1 }) }));
  expect(sendMessage).toHaveBeenCalledTimes(2);
  expect(reads, 'read once, then kept').toBe(1);
});
