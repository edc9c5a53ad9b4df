// The Wasm-compiled walker a page keeps between large modules (analyze-native.ts) is let go
// WALKER_IDLE_MS after the analysis that started the wait. The hook's timer is the one of
// install time, captured when its modules load: fake timers go in before they are imported.
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { PagePolicy } from '../../../src/page/page-policy';
import { fixture, padded } from './fake-realm';

vi.useFakeTimers();
const { judgeModule, WALKER_IDLE_MS } = await import('../../../src/page/judge-module');
const { pageWasmPlatform } = await import('../../../src/page/wasm-platform');
afterAll(() => vi.useRealTimers());

const policy: PagePolicy = { checking: () => true, blocking: () => true, matcher: () => null };

describe('the walker a page keeps', () => {
  it('a small module, walked in JS, keeps nothing and sets no timer', () => {
    judgeModule(fixture('benign-add.wasm'), policy);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('serves the modules judged together, and is let go once they are done', () => {
    const big = padded(fixture('benign-add.wasm'), 80 * 1024);
    const made = vi.spyOn(pageWasmPlatform!, 'instantiate');
    judgeModule(big, policy);
    judgeModule(big, policy);
    expect(made).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(WALKER_IDLE_MS - 1);
    judgeModule(big, policy);
    expect(made).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    judgeModule(big, policy);
    expect(made, 'made anew after the release').toHaveBeenCalledTimes(2);
  });
});
