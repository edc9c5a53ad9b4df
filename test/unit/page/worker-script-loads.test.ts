import { describe, expect, it } from 'vitest';
import type { HookContext } from '../../../src/page/hook-context';
import { createPolicy } from '../../../src/page/page-policy';
import { installWorkerScriptLoads } from '../../../src/page/worker-script-loads';
import { fakeChannel, rulesJson } from './fake-realm';

const rules = rulesJson([
  { id: 's-block', type: 'script-url', action: 'block', severity: 'high', pattern: '/cryptonight\\.js', description: 'miner library' },
]);

/** A worker global whose loaders live on its prototype, as WorkerGlobalScope's do. */
function workerRealm(mode: 'block' | 'report-only' = 'block', configured = true) {
  const loaded: unknown[][] = [];
  const fetched: unknown[] = [];
  const opened: unknown[] = [];
  class Xhr { open(...args: unknown[]) { opened.push(args[1]); } }
  const scopeProto = {
    importScripts(...urls: unknown[]) { loaded.push(urls); },
    fetch(input: unknown) { fetched.push(input); return Promise.resolve(); },
  };
  const win = Object.assign(Object.create(scopeProto), { XMLHttpRequest: Xhr, DOMException });
  const channel = fakeChannel(configured ? { mode, allowed: false, rules } : null);
  const ctx = {
    win, channel, policy: createPolicy(channel, 'site.example'),
    scope: { context: 'worker', baseUrl: () => 'https://site.example/js/worker.js', host: 'site.example', origin: 'https://site.example', frameUrl: () => 'https://site.example/', scriptUrl: 'https://site.example/js/worker.js' },
  } as unknown as HookContext;
  installWorkerScriptLoads(ctx);
  return { self: win as typeof scopeProto & { XMLHttpRequest: typeof Xhr }, loaded, fetched, opened, channel };
}

describe('worker script loads', () => {
  it('resolves relative URLs against the original script URL, not the wrapper\'s', () => {
    const { self, loaded, fetched, opened } = workerRealm();
    self.importScripts('lib/a.js', '../b.js');
    void self.fetch('../wasm/m.wasm');
    const request = { url: 'https://cdn.example/x' };
    void self.fetch(request);
    new self.XMLHttpRequest().open('GET', 'data.bin');
    expect(loaded).toEqual([['https://site.example/js/lib/a.js', 'https://site.example/b.js']]);
    expect(fetched).toEqual(['https://site.example/wasm/m.wasm', request]);
    expect(opened).toEqual(['https://site.example/js/data.bin']);
  });

  it('refuses a blocked importScripts with the browser\'s NetworkError and reports it', () => {
    const { self, loaded, channel } = workerRealm();
    expect(() => self.importScripts('cryptonight.js')).toThrow(expect.objectContaining({ name: 'NetworkError' }));
    expect(loaded).toEqual([]);
    expect(channel.findings).toEqual([expect.objectContaining({
      kind: 'script', verdict: 'miner', action: 'blocked', ruleId: 's-block', api: 'importScripts',
      url: 'https://site.example/js/cryptonight.js', context: 'worker',
    })]);
  });

  it('report-only loads it and reports', () => {
    const { self, loaded, channel } = workerRealm('report-only');
    self.importScripts('cryptonight.js');
    expect(loaded).toHaveLength(1);
    expect(channel.findings.map((f) => f.action)).toEqual(['reported']);
  });

  it('scripts imported before the rules arrived are checked once they do, and reported as blocked', async () => {
    const { self, loaded, channel } = workerRealm('block', false);
    self.importScripts('cryptonight.js');
    expect(loaded).toHaveLength(1);
    expect(channel.findings).toEqual([]);
    channel.set({ mode: 'block', allowed: false, rules });
    await new Promise((r) => setTimeout(r, 0));
    expect(channel.findings).toEqual([expect.objectContaining({ kind: 'script', action: 'blocked', ruleId: 's-block' })]);
  });
});
