import { describe, expect, it } from 'vitest';
import { createBehaviourTracker } from '../../../src/page/behaviour';
import type { FindingFields } from '../../../src/page/make-finding';

function tracker(cores: number) {
  const reports: FindingFields[] = [];
  return { reports, sink: createBehaviourTracker((f) => reports.push(f), cores) };
}

const run = { api: 'WebAssembly.instantiate', context: 'worker' as const, url: 'https://site.example/w.js' };

describe('behaviour', () => {
  it('stays silent for crypto-capable code alone, and for many workers without it', () => {
    const a = tracker(4);
    a.sink.cryptoCapable(run);
    a.sink.workerStarted();
    const b = tracker(4);
    for (let i = 0; i < 8; i++) b.sink.workerStarted();
    expect([...a.reports, ...b.reports]).toEqual([]);
  });

  it('reports crypto-capable code fanned out over as many workers as cores, once, as suspicious', () => {
    const { reports, sink } = tracker(4);
    for (let i = 0; i < 3; i++) sink.workerStarted();
    sink.cryptoCapable(run);
    expect(reports).toEqual([]);
    sink.workerStarted();
    sink.workerStarted();
    expect(reports).toEqual([expect.objectContaining({ kind: 'behaviour', verdict: 'suspicious', action: 'reported', url: run.url })]);
    expect(reports[0]!.reason).toContain('4 workers on a 4-core machine');
  });

  it('reports a busy worker running crypto-capable code, naming that worker', () => {
    const { reports, sink } = tracker(16);
    sink.busyWorker('https://site.example/busy.js');
    expect(reports).toEqual([]);
    sink.cryptoCapable(run);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ url: 'https://site.example/busy.js', verdict: 'suspicious' });
    expect(reports[0]!.reason).toContain('saturated');
  });

  it('needs at least two workers even when the core count is unknown or one', () => {
    const { reports, sink } = tracker(0);
    sink.cryptoCapable(run);
    sink.workerStarted();
    expect(reports).toEqual([]);
    sink.workerStarted();
    expect(reports).toHaveLength(1);
  });
});
