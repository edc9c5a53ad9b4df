import { describe, expect, it } from 'vitest';
import { installHooks } from '../../../src/page/install-hooks';
import { fakeChannel, fakeRealm, fixture, rulesJson } from './fake-realm';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const SCRIPTS: Record<string, string> = {
  'https://page.example/app/miner-worklet.js': `const m = "${base64(fixture('demo-miner.wasm'))}"; registerProcessor('x', class {});`,
  'https://page.example/app/add-worklet.js': `const m = "${base64(fixture('benign-add.wasm'))}"; registerProcessor('y', class {});`,
  'https://page.example/app/api-worklet.js': 'CoinHive.Anonymous("key")',
};

const rules = rulesJson([
  { id: 'sw-block', type: 'script-url', action: 'block', severity: 'high', pattern: '/coinhive-sw\\.js', description: 'miner service worker' },
  { id: 'c-report', type: 'content', action: 'report', severity: 'medium', pattern: 'CoinHive\\.Anonymous\\(' },
]);

function setup(mode: 'block' | 'report-only' = 'block') {
  const added: string[] = [];
  const registered: string[] = [];
  const Worklet = class { addModule(url: string) { added.push(url); return Promise.resolve(); } };
  const ServiceWorkerContainer = class { register(url: string) { registered.push(url); return Promise.resolve('registration'); } };
  const realm = fakeRealm({
    Worklet, ServiceWorkerContainer,
    fetch: async (url: string) => new Response(SCRIPTS[url] ?? '', { status: SCRIPTS[url] ? 200 : 404 }),
  });
  const channel = fakeChannel({ mode, allowed: false, rules });
  installHooks(realm.win, () => channel);
  return { worklet: new Worklet(), sw: new ServiceWorkerContainer(), added, registered, channel };
}

describe('worklet and service worker registration', () => {
  it('refuses a worklet module carrying a miner like a module that failed to load', async () => {
    const { worklet, added, channel } = setup();
    await expect(worklet.addModule('miner-worklet.js')).rejects.toMatchObject({ name: 'AbortError' });
    expect(added).toEqual([]);
    expect(channel.findings).toEqual([expect.objectContaining({
      kind: 'worklet', verdict: 'miner', action: 'blocked', api: 'Worklet.addModule', url: 'https://page.example/app/miner-worklet.js',
    })]);
    expect(channel.findings[0]!.reason).toContain('embedded Wasm (base64)');
  });

  it('loads a benign worklet untouched and unreported; a report content rule reports and loads', async () => {
    const { worklet, added, channel } = setup();
    await worklet.addModule('add-worklet.js');
    expect(channel.findings).toEqual([]);
    await worklet.addModule('api-worklet.js');
    expect(added).toEqual(['add-worklet.js', 'api-worklet.js']);
    expect(channel.findings).toEqual([expect.objectContaining({ kind: 'worklet', verdict: 'suspicious', action: 'reported', ruleId: 'c-report' })]);
  });

  it('report-only mode reports the miner worklet and still loads it', async () => {
    const { worklet, added, channel } = setup('report-only');
    await worklet.addModule('miner-worklet.js');
    expect(added).toEqual(['miner-worklet.js']);
    expect(channel.findings.map((f) => [f.verdict, f.action])).toEqual([['miner', 'reported']]);
  });

  it('refuses a service worker whose script URL hits a block rule, and registers others', async () => {
    const { sw, registered, channel } = setup();
    await expect(sw.register('/coinhive-sw.js')).rejects.toMatchObject({ name: 'SecurityError' });
    await expect(sw.register('/sw.js')).resolves.toBe('registration');
    expect(registered).toEqual(['/sw.js']);
    expect(channel.findings).toEqual([expect.objectContaining({ kind: 'service-worker', action: 'blocked', ruleId: 'sw-block', url: 'https://page.example/coinhive-sw.js' })]);
  });
});
