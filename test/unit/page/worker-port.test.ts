// The private port between a worker's hook (worker-channel.ts) and its starter
// (worker-link.ts), both ends running in-process over Node's MessageChannel.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PageConfig } from '../../../src/engine/protocol';
import type { Finding } from '../../../src/engine/types';
import type { BehaviourSink } from '../../../src/page/behaviour';
import type { HookContext } from '../../../src/page/hook-context';
import type { WorkerBoot } from '../../../src/page/worker-boot';
import { MAX_QUEUED, openWorkerChannel } from '../../../src/page/worker-channel';
import { createWorkerLinker, type WorkerLink } from '../../../src/page/worker-link';
import { fakeChannel } from './fake-realm';

const TOKEN = 'f'.repeat(32);
const CONFIG: PageConfig = { mode: 'report-only', allowed: false, rules: '' };
const finding = (action: Finding['action'], reason = 'miner (test)'): Finding => ({
  kind: 'wasm', verdict: 'miner', action, reason, context: 'worker', url: 'https://site.example/w.js', frameUrl: 'stale', time: 1,
});

const opened: MessagePort[] = [];
afterEach(() => {
  for (const p of opened.splice(0)) p.close();
});

/** A worker global: an EventTarget with the constructors the channel captures, and hand-run timers. */
function workerGlobal() {
  const timers: (() => void)[] = [];
  const self = Object.assign(new EventTarget(), {
    EventTarget, Event, MessageEvent, MessagePort,
    setTimeout: (fn: () => void) => timers.push(fn),
    close: vi.fn(),
  });
  return { self: self as unknown as typeof globalThis & { close(): void }, timers, closeSpy: self.close };
}

/** How the browser delivers the starter's first message: a trusted event on the worker global. */
function deliver(target: EventTarget, data: unknown, ports: MessagePort[], trusted = true) {
  const event = new MessageEvent('message', { data, ports });
  if (trusted) Object.defineProperty(event, 'isTrusted', { value: true });
  target.dispatchEvent(event);
}

function pageSide(config: PageConfig | null) {
  const channel = fakeChannel(config);
  const signals: string[] = [];
  const behaviour: BehaviourSink = {
    cryptoCapable: (r) => signals.push(`crypto ${r.url}`),
    workerStarted: () => signals.push('started'),
    busyWorker: (url) => signals.push(`busy ${url}`),
  };
  const intervals: (() => void)[] = [];
  const revoked: string[] = [];
  const win = {
    MessageChannel: class extends MessageChannel {
      constructor() {
        super();
        opened.push(this.port1, this.port2);
      }
    },
    MessageEvent, MessagePort, EventTarget,
    URL: { revokeObjectURL: (u: string) => revoked.push(u) },
    setInterval: (fn: () => void) => intervals.push(fn),
    clearInterval: () => { intervals.length = 0; },
  };
  const ctx = {
    win, channel, behaviour,
    scope: { context: 'page', baseUrl: () => '', host: 'site.example', origin: 'https://site.example', frameUrl: () => 'https://site.example/page' },
  } as unknown as HookContext;
  return { ctx, channel, signals, intervals, revoked, linker: createWorkerLinker(ctx)! };
}

function boot(config: PageConfig | null, context: WorkerBoot['context'] = 'worker'): WorkerBoot {
  return { token: TOKEN, url: 'https://site.example/w.js', context, frameUrl: 'https://site.example/page', host: 'site.example', origin: 'https://site.example', config };
}

describe('worker ↔ starter port', () => {
  it('reports made before the handover wait, then reach the page with its frame URL; a block stops the worker', async () => {
    const { self } = workerGlobal();
    const worker = openWorkerChannel(self, boot(CONFIG), () => {});
    worker.report(finding('blocked'));
    const page = pageSide(CONFIG);
    const stop = vi.fn();
    const onHello = vi.fn();
    const link: WorkerLink = {
      context: 'worker', url: 'https://site.example/w.js', objectUrls: ['blob:a', 'blob:b'], onHello, stop,
      handOver: (token, port) => deliver(self, token, [port]),
    };
    page.linker.link(link, TOKEN);
    await vi.waitFor(() => expect(page.channel.findings).toHaveLength(1));
    expect(page.channel.findings[0]).toMatchObject({ action: 'blocked', frameUrl: 'https://site.example/page', context: 'worker' });
    expect(stop).toHaveBeenCalledTimes(1);
    expect(onHello).toHaveBeenCalledTimes(1);
    expect(page.revoked).toEqual(['blob:a', 'blob:b']);
  });

  it('hides the handover from the worker\'s own listeners and refuses a forged or second one', async () => {
    const { self } = workerGlobal();
    const seenByWorker: unknown[] = [];
    const worker = openWorkerChannel(self, boot(CONFIG), () => {});
    self.addEventListener('message', (e) => seenByWorker.push((e as MessageEvent).data));
    const forged = new MessageChannel();
    opened.push(forged.port1, forged.port2);
    deliver(self, TOKEN, [forged.port2], false); // the worker's own code dispatching a look-alike
    const page = pageSide(CONFIG);
    page.linker.link({
      context: 'worker', url: 'u', objectUrls: [], onHello: () => {}, handOver: (token, port) => deliver(self, token, [port]),
    }, TOKEN);
    deliver(self, 'job', []);
    worker.report(finding('reported'));
    await vi.waitFor(() => expect(page.channel.findings).toHaveLength(1));
    expect(seenByWorker).toEqual([TOKEN, 'job']);
    const forgedHeard: unknown[] = [];
    forged.port1.onmessage = (e) => forgedHeard.push(e.data);
    await new Promise((r) => setTimeout(r, 20));
    expect(forgedHeard).toEqual([]);
  });

  it('a worker started before the bridge answered gets the config once it arrives', async () => {
    const { self } = workerGlobal();
    const worker = openWorkerChannel(self, boot(null), () => {});
    expect(worker.config()).toBeNull();
    const page = pageSide(null);
    let configured!: () => void;
    page.channel.afterConfig = () => new Promise<void>((r) => { configured = r; });
    page.linker.link({ context: 'worker', url: 'u', objectUrls: [], onHello: () => {}, handOver: (t, p) => deliver(self, t, [p]) }, TOKEN);
    page.channel.set(CONFIG);
    configured();
    await vi.waitFor(() => expect(worker.config()).toEqual(CONFIG));
  });

  it('drops reports beyond the queue cap while no port has come', async () => {
    const { self } = workerGlobal();
    const worker = openWorkerChannel(self, boot(CONFIG), () => {});
    for (let i = 0; i < MAX_QUEUED + 10; i++) worker.report(finding('reported', `r${i}`));
    const page = pageSide(CONFIG);
    page.linker.link({ context: 'worker', url: 'u', objectUrls: [], onHello: () => {}, handOver: (t, p) => deliver(self, t, [p]) }, TOKEN);
    await vi.waitFor(() => expect(page.channel.findings).toHaveLength(MAX_QUEUED));
    await new Promise((r) => setTimeout(r, 20));
    expect(page.channel.findings).toHaveLength(MAX_QUEUED);
  });

  it('a crypto-capable worker that stops answering heartbeats is reported busy; one the page terminated is not', async () => {
    const { self } = workerGlobal();
    const worker = openWorkerChannel(self, boot(CONFIG), () => {});
    const page = pageSide(CONFIG);
    const linked = page.linker.link({ context: 'worker', url: 'https://site.example/w.js', objectUrls: [], onHello: () => {}, handOver: (t, p) => deliver(self, t, [p]) }, TOKEN);
    worker.behaviour.cryptoCapable({ api: 'WebAssembly.instantiate', context: 'worker', url: 'https://site.example/w.js' });
    await vi.waitFor(() => expect(page.intervals).toHaveLength(1));
    // The worker answers the first ping: not busy.
    page.intervals[0]!();
    await new Promise((r) => setTimeout(r, 20));
    page.intervals[0]!();
    expect(page.signals.filter((s) => s.startsWith('busy'))).toEqual([]);
    // Now it stops answering (its port is closed, as a saturated loop never reads it).
    for (const p of opened) if (p !== opened[0]) p.close();
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 3 && page.intervals.length; i++) page.intervals[0]!();
    expect(page.signals).toContain('busy https://site.example/w.js');
    linked.ended();
    expect(page.intervals).toEqual([]);
  });

  it('a run passed up from a nested worker is counted but starts no heartbeat here beyond the one every worker gets', async () => {
    const { self } = workerGlobal();
    const worker = openWorkerChannel(self, boot(CONFIG), () => {});
    const page = pageSide(CONFIG);
    page.linker.link({ context: 'worker', url: 'u', objectUrls: [], onHello: () => {}, handOver: (t, p) => deliver(self, t, [p]) }, TOKEN);
    worker.behaviour.cryptoCapable({ api: 'WebAssembly.compile', context: 'worker', url: 'https://site.example/inner.js', relayed: true });
    await vi.waitFor(() => expect(page.signals).toEqual(['crypto https://site.example/inner.js']));
    expect(page.intervals).toHaveLength(1);
  });

  it('a shared worker takes a handover on each connection, reports to every page, and is told to close after a block', async () => {
    const { self } = workerGlobal();
    const onBlocked = vi.fn();
    const worker = openWorkerChannel(self, boot(CONFIG, 'shared-worker'), onBlocked);
    const pages = [pageSide(CONFIG), pageSide(CONFIG)];
    for (const page of pages) {
      const connection = new MessageChannel();
      opened.push(connection.port1, connection.port2);
      self.dispatchEvent(new MessageEvent('connect', { ports: [connection.port2] }));
      page.linker.link({
        context: 'shared-worker', url: 'u', objectUrls: [], onHello: () => {},
        // As the browser delivers the page's first message on the connection port: trusted.
        handOver: (token, port) => deliver(connection.port2, token, [port]),
      }, TOKEN);
    }
    worker.report(finding('blocked'));
    await vi.waitFor(() => expect(pages.map((p) => p.channel.findings.length)).toEqual([1, 1]));
    expect(onBlocked).toHaveBeenCalled();
  });
});
