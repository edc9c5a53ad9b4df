// Real benign Wasm apps from npm must give byte-identical results with the extension
// and without it, and leave no finding on their tab.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_KINDS, findingsTable } from '../harness';
import { startStaticServer, type StaticServer } from './lib/static-server';
import { openExtensionBrowser, stateWhere, type RelBrowser, type RelPage } from './lib/extension-browser';
import { openPlainBrowser, type PlainBrowser } from './lib/plain-browser';

const APPS = ['sql.js', 'hash-wasm', 'libsodium-wrappers', 'argon2-browser', 'esbuild-wasm', 'wabt', 'xxhash-wasm', 'brotli-wasm'];
type Results = Record<string, { ok: boolean; value: string }>;

let server: StaticServer;
beforeAll(async () => {
  server = await startStaticServer();
});
afterAll(async () => {
  await server?.close();
});

const results = (page: RelPage) => page.evaluate(() => (window as unknown as { benignResults: Promise<Results> }).benignResults);

describe.each(BROWSER_KINDS)('%s: benign Wasm apps', (kind) => {
  let ext: RelBrowser;
  let plain: PlainBrowser;
  let withExtension: Results;
  let without: Results;
  const url = () => `${server.origin}/rel/benign-apps.html`;

  beforeAll(async () => {
    [ext, plain] = await Promise.all([openExtensionBrowser(kind), openPlainBrowser(kind)]);
    [withExtension, without] = await Promise.all([ext.open(url()).then(results), plain.open(url()).then(results)]);
  });
  afterAll(async () => {
    await Promise.all([ext?.close(), plain?.close()]);
  });

  it('all run without the extension (the reference is real)', () => {
    expect(Object.keys(without).sort()).toEqual([...APPS].sort());
    for (const app of APPS) expect(without[app], app).toMatchObject({ ok: true });
  });

  it('give byte-identical results with the extension', () => {
    for (const app of APPS) expect(withExtension[app], app).toEqual(without[app]);
  });

  it('leave no finding on their tab', { timeout: 180_000 }, async () => {
    // A miner tab opened afterwards is the barrier: the apps' findings would have been sent
    // before its own, so once the barrier's are in, one read of the apps' tab is final. Keyed
    // on that event, not on a quiet period, so a busy machine only makes it slower.
    await ext.open(`http://localhost:${server.port}/rel/victim.html`);
    await stateWhere(ext, `http://localhost:${server.port}/`, (s) => s.findings.length >= 2, 'the barrier tab\'s findings', 90_000);
    const state = await stateWhere(ext, url(), () => true, 'the apps tab\'s state', 60_000);
    expect(state.findings, findingsTable(state.findings)).toEqual([]);
    expect(state.badge.text).toBe('');
  });
});
