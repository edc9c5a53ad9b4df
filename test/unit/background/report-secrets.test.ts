// Attack 8 of issue 9: the report auth token and what reports carry, through the wired background.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fake-browser')).fakeBrowser }));

import 'webextension-polyfill';
import { EXTENSION_ID, EXTENSION_ORIGIN, fakeBrowser, resetFakeBrowser } from './fake-browser';
import { serveListAssetsFromDisk } from './list-assets';
import type { OptionsModel } from '../../../src/background/options-model';

const TOKEN = 'Bearer s3cret-token-9f2c';
const options = { id: EXTENSION_ID, url: `${EXTENSION_ORIGIN}src/ui/options/index.html` };
const PAGE = 'https://shop.example/checkout?email=a%40b.example&session=77#pay';
const content = { id: EXTENSION_ID, tab: { id: 3, url: PAGE }, frameId: 0, url: PAGE, origin: 'https://shop.example' };
const settle = async (rounds = 20) => { for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0)); };

async function ask<T>(message: Record<string, unknown>, sender: object): Promise<T | undefined> {
  const [reply] = fakeBrowser.runtime.onMessage.fire(message, sender).filter((r: unknown) => r !== undefined);
  return (await reply) as T | undefined;
}

let posts: { headers: Record<string, string>; body: any }[];

beforeEach(async () => {
  resetFakeBrowser();
  serveListAssetsFromDisk();
  posts = [];
  const lists = globalThis.fetch;
  vi.stubGlobal('navigator', { userAgent: 'UA' });
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    if (!String(url).startsWith('https://soc.example/')) return lists(url, init);
    posts.push({ headers: init!.headers as Record<string, string>, body: JSON.parse(String(init!.body)) });
    return new Response(null, { status: 204 });
  });
  await fakeBrowser.storage.managed.set({ reportEndpoint: 'https://soc.example/in', reportAuthHeader: TOKEN });
  vi.resetModules();
  await import('../../../src/background/index');
  fakeBrowser.runtime.onInstalled.fire({ reason: 'install' });
  await settle(30);
});

afterEach(() => vi.unstubAllGlobals());

describe('report secrets and privacy (issue 9, attack 8)', () => {
  it('sends the auth header with reports but never stores it in storage.local or hands it to the options page', async () => {
    await ask({ type: 'ms:finding', finding: {
      kind: 'wasm', verdict: 'miner', action: 'blocked', reason: 'CryptoNight', time: Date.now(),
      url: 'https://cdn.example/m.wasm?key=abc#x',
    } }, content);
    await ask({ type: 'ms:finding', finding: { kind: 'wasm', verdict: 'clean', action: 'reported', reason: 'plain', time: Date.now(), url: 'https://cdn.example/ok.wasm' } }, content);
    // Reading the history writes the staged batch, which goes on to the report queue.
    await ask({ type: 'ms:get-history' }, options);
    await settle();

    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers.Authorization).toBe(TOKEN);
    expect(posts[0]!.body.findings).toHaveLength(1);
    expect(posts[0]!.body.findings[0]).toMatchObject({ url: 'https://cdn.example/m.wasm', pageUrl: 'https://shop.example/checkout' });

    const local = JSON.stringify(Object.fromEntries(fakeBrowser.storage.local.data));
    expect(local).toContain('soc.example'); // the policy copy is there…
    expect(local).not.toContain('s3cret'); // …without the token
    expect(JSON.stringify(Object.fromEntries(fakeBrowser.storage.session.data))).not.toContain('s3cret');

    const model = (await ask<OptionsModel>({ type: 'ms:get-options' }, options))!;
    expect(JSON.stringify(model)).not.toContain('s3cret');
    expect(model.report).toMatchObject({ endpoint: 'https://soc.example/in', authSetByPolicy: true });
  });

  it('answers content scripts nothing that holds the token', async () => {
    const replies = await Promise.all([
      ask({ type: 'ms:get-options' }, content),
      ask({ type: 'ms:get-page-config', url: PAGE }, content),
    ]);
    expect(JSON.stringify(replies)).not.toContain('s3cret');
  });
});
