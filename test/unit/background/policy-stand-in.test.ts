// Chromium's managed storage can take seconds to answer after a browser start; page configs
// must not wait for it, and the real policy must still win once it arrives.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fake-browser')).fakeBrowser }));

import 'webextension-polyfill';
import { EXTENSION_ID, fakeBrowser, resetFakeBrowser } from './fake-browser';
import { serveListAssetsFromDisk } from './list-assets';
import { POLICY_COPY_KEY } from '../../../src/background/policy';

const URL_ = 'https://shop.example/';
const page = { id: EXTENSION_ID, tab: { id: 3, url: URL_ }, frameId: 0, url: URL_ };
const settle = async (rounds = 10) => { for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0)); };

async function pageMode(): Promise<string> {
  const [reply] = fakeBrowser.runtime.onMessage.fire({ type: 'ms:get-page-config', url: URL_ }, page).filter((r: unknown) => r !== undefined);
  return ((await reply) as { mode: string }).mode;
}

/** Managed storage that answers only when the test says so, as Chromium's does at start-up. */
function slowManaged(policy: Record<string, unknown>): () => void {
  let answer: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => { answer = resolve; });
  vi.spyOn(fakeBrowser.storage.managed, 'get').mockImplementation(async () => {
    await answered;
    return structuredClone(policy);
  });
  return answer;
}

async function startBackground(): Promise<void> {
  vi.resetModules();
  await import('../../../src/background/index');
  fakeBrowser.state.tabs.set(3, { id: 3, url: URL_ });
}

beforeEach(() => {
  resetFakeBrowser();
  serveListAssetsFromDisk();
});

describe('policy while managed storage is slow', () => {
  it('answers from the stored copy, then follows the real policy when it differs', async () => {
    await fakeBrowser.storage.local.set({ [POLICY_COPY_KEY]: { mode: 'report-only', lockMode: true } });
    const answer = slowManaged({ mode: 'off', lockMode: true });
    await startBackground();
    expect(await pageMode()).toBe('report-only');

    answer();
    await settle(30);
    expect(await pageMode()).toBe('off');
    expect((await fakeBrowser.storage.local.get(POLICY_COPY_KEY))[POLICY_COPY_KEY]).toEqual({ mode: 'off', lockMode: true });
  });

  it('without a copy (first install) answers as unmanaged, and keeps the policy for next time', async () => {
    const answer = slowManaged({ mode: 'report-only', lockMode: true });
    await startBackground();
    expect(await pageMode()).toBe('block');

    answer();
    await settle(30);
    expect(await pageMode()).toBe('report-only');
    expect((await fakeBrowser.storage.local.get(POLICY_COPY_KEY))[POLICY_COPY_KEY]).toEqual({ mode: 'report-only', lockMode: true });
  });

  it('an unmanaged browser stores no copy', async () => {
    await startBackground();
    expect(await pageMode()).toBe('block');
    await settle(30);
    expect(await fakeBrowser.storage.local.get(POLICY_COPY_KEY)).toEqual({});
  });
});
