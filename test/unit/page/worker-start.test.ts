// Starting workers instrumented: what the browser is asked to load, and what the worker
// is handed first. The wrapper's text is read back from the Blob the hook made.
import { describe, expect, it } from 'vitest';
import { installHooks } from '../../../src/page/install-hooks';
import { fakeChannel, fakeRealm, fixture, rulesJson } from './fake-realm';

const HOOK = 'function minerSentryHook(boot) { /* bundle */ }';

function setup({ refuseBlob = false, mode = 'block' as 'block' | 'off', fetched = '', configured = true } = {}) {
  const blobs = new Map<string, Blob>();
  let n = 0;
  const URLs = {
    createObjectURL: (blob: Blob) => {
      const url = `blob:https://page.example/${++n}`;
      blobs.set(url, blob);
      return url;
    },
    revokeObjectURL: (url: string) => { blobs.delete(url); },
  };
  const started: { url: string; options: unknown; posted: unknown[][]; terminated: boolean }[] = [];
  const Worker = class extends EventTarget {
    constructor(url: string, options?: unknown) {
      super();
      // A page CSP without blob: in worker-src, as a browser that throws at construction.
      if (refuseBlob && String(url).startsWith('blob:')) throw new DOMException('refused by CSP', 'SecurityError');
      started.push(this.record = { url: String(url), options, posted: [], terminated: false });
    }
    record!: { url: string; options: unknown; posted: unknown[][]; terminated: boolean };
    postMessage(...args: unknown[]) { this.record.posted.push(args); }
    terminate() { this.record.terminated = true; }
  };
  const realm = fakeRealm({
    Worker, Blob, URL: URLs, MessageChannel, MessagePort, ErrorEvent: undefined,
    setInterval: () => 0, clearInterval: () => {},
    fetch: async () => new Response(fetched),
  });
  const channel = fakeChannel(configured ? { mode, allowed: false, rules: '' } : null);
  installHooks(realm.win, () => channel, () => HOOK);
  const text = (url: string) => blobs.get(url)!.text();
  return { Worker: realm.win.Worker as unknown as typeof Worker, URL: URLs, started, channel, text };
}

describe('instrumented worker start', () => {
  it('classic: loads a blob: wrapper that runs the hook, then importScripts of the absolute original', async () => {
    const { Worker, started, text } = setup();
    const w = new Worker('js/miner.js', { name: 'm' });
    expect(started).toHaveLength(1);
    expect(started[0]!.url).toMatch(/^blob:/);
    expect(started[0]!.options).toEqual({ name: 'm' });
    const source = await text(started[0]!.url);
    expect(source.indexOf(HOOK)).toBeGreaterThan(-1);
    expect(source).toContain('"url":"https://page.example/app/js/miner.js"');
    expect(source.indexOf('load("https://page.example/app/js/miner.js")')).toBeGreaterThan(source.indexOf(HOOK));
    // The first message is the handover: the token, with a port transferred.
    const [token, transfer] = started[0]!.posted[0]!;
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect((transfer as unknown[])[0]).toBeInstanceOf(MessagePort);
    // The page's own messages wait for the worker's hello.
    w.postMessage('job');
    expect(started[0]!.posted).toHaveLength(1);
    (transfer as MessagePort[])[0]!.close();
  });

  it('module: the wrapper imports the hook module first and the original second', async () => {
    const { Worker, started, text } = setup();
    new Worker('/w.mjs', { type: 'module' });
    const wrapper = await text(started[0]!.url);
    const [hookUrl, original] = [...wrapper.matchAll(/import "([^"]+)";/g)].map((m) => m[1]);
    expect(original).toBe('https://page.example/w.mjs');
    expect(await text(hookUrl!)).toContain(HOOK);
  });

  it('a page-revoked blob: original is loaded through an object URL of the hook\'s own', async () => {
    const { Worker, URL, started, text } = setup();
    const pageUrl = URL.createObjectURL(new Blob(['postMessage(1)']));
    new Worker(pageUrl);
    URL.revokeObjectURL(pageUrl);
    const wrapper = await text(started[0]!.url);
    const loaded = /load\("([^"]+)"\)/.exec(wrapper)![1]!;
    expect(loaded).not.toBe(pageUrl);
    expect(await text(loaded)).toBe('postMessage(1)');
  });

  it('data: workers get a data: wrapper, keeping their opaque origin', () => {
    const { Worker, started } = setup();
    new Worker('data:text/javascript,postMessage(1)');
    expect(started[0]!.url.startsWith('data:text/javascript;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(started[0]!.url)).toContain('load("data:text/javascript,postMessage(1)")');
  });

  it('when the wrapper is refused, starts the original, says so, and stops it once its script shows a miner', async () => {
    const b64 = Buffer.from(fixture('demo-miner.wasm')).toString('base64');
    const { Worker, started, channel } = setup({ refuseBlob: true, fetched: `const m = "${b64}";` });
    const w = new Worker('/miner.js');
    w.postMessage('job');
    expect(started.map((s) => s.url)).toEqual(['/miner.js']);
    expect(channel.findings[0]).toMatchObject({ kind: 'worker', verdict: 'clean', url: 'https://page.example/miner.js' });
    // The page's first job waits until the script has been judged.
    expect(started[0]!.posted).toEqual([]);
    await new Promise((r) => setTimeout(r, 20));
    expect(channel.findings[1]).toMatchObject({ kind: 'worker', verdict: 'miner', action: 'blocked' });
    expect(started[0]!.terminated).toBe(true);
  });

  it('a worker started before the rules arrived is checked again once they do, and stopped if they list it', async () => {
    const { Worker, started, channel } = setup({ configured: false });
    const w = new Worker('/lib/cryptonight.js');
    w.postMessage('job');
    expect(channel.findings).toEqual([]);
    channel.set({
      mode: 'block', allowed: false,
      rules: rulesJson([{ id: 'late', type: 'script-url', action: 'block', severity: 'high', pattern: '/cryptonight\\.js' }]),
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(channel.findings).toEqual([expect.objectContaining({ kind: 'worker', action: 'blocked', ruleId: 'late' })]);
    expect(started[0]!.terminated).toBe(true);
    // The page's job never went past the hook: the hello gate is still closed.
    expect(started[0]!.posted.map((p) => p[0])).not.toContain('job');
  });

  it('mode off starts the worker exactly as asked', () => {
    const { Worker, started } = setup({ mode: 'off' });
    new Worker('js/app.js');
    expect(started.map((s) => s.url)).toEqual(['js/app.js']);
  });
});
