import { describe, expect, it } from 'vitest';
import { installHooks } from '../../../src/page/install-hooks';
import { fakeChannel, fakeRealm, rulesJson } from './fake-realm';

/** Plays the browser's Worker: records what it was asked to load. */
class NativeWorker extends EventTarget {
  static created: string[] = [];
  constructor(readonly scriptURL: string | URL, readonly options?: WorkerOptions) {
    super();
    NativeWorker.created.push(String(scriptURL));
  }
}

const rules = rulesJson([
  { id: 'w-block', type: 'script-url', action: 'block', severity: 'high', pattern: '/cryptonight\\.js', description: 'miner worker script' },
  { id: 'w-report', type: 'script-url', action: 'report', severity: 'low', pattern: '/hashlib\\.js' },
]);

function setup(mode: 'block' | 'report-only' = 'block') {
  NativeWorker.created = [];
  const realm = fakeRealm({ Worker: NativeWorker });
  const channel = fakeChannel({ mode, allowed: false, rules });
  installHooks(realm.win, () => channel);
  return { Worker: realm.win.Worker as unknown as typeof NativeWorker, channel };
}

describe('Worker hook', () => {
  it('constructs ordinary workers unchanged and keeps the constructor identity', () => {
    const { Worker, channel } = setup();
    const w = new Worker('/js/app-worker.js', { type: 'module' });
    expect(w).toBeInstanceOf(NativeWorker);
    expect(w).toBeInstanceOf(Worker);
    expect(w.options).toEqual({ type: 'module' });
    expect(Worker.prototype.constructor).toBe(Worker);
    expect(Worker.name).toBe('NativeWorker');
    expect(NativeWorker.created).toEqual(['/js/app-worker.js']);
    expect(channel.findings).toEqual([]);
  });

  it('refuses a blocked script with a SecurityError and constructs nothing', () => {
    const { Worker, channel } = setup();
    let error: unknown;
    try {
      new Worker('lib/cryptonight.js');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('SecurityError');
    expect(NativeWorker.created).toEqual([]);
    expect(channel.findings).toEqual([expect.objectContaining({
      kind: 'worker', verdict: 'miner', action: 'blocked', ruleId: 'w-block', reason: 'miner worker script',
      url: 'https://page.example/app/lib/cryptonight.js', api: 'new Worker',
    })]);
  });

  it('report rules and report-only mode let the worker start', () => {
    const { Worker, channel } = setup('report-only');
    new Worker('lib/cryptonight.js');
    new Worker('/hashlib.js');
    expect(NativeWorker.created).toHaveLength(2);
    expect(channel.findings.map((f) => [f.ruleId, f.verdict, f.action])).toEqual([
      ['w-block', 'miner', 'reported'],
      ['w-report', 'suspicious', 'reported'],
    ]);
  });

  it('subclasses keep new.target', () => {
    const { Worker } = setup();
    class Mine extends Worker {}
    expect(new Mine('/a.js')).toBeInstanceOf(Mine);
  });
});
