import { describe, expect, it } from 'vitest';
import { installWorkerRelay } from '../../../src/page/worker-relay';

/** Plays the browser's Worker: records what is posted to it and whether it was terminated. A fresh class per realm. */
const makeNativeWorker = () => class NativeWorker extends EventTarget {
  posted: unknown[][] = [];
  terminated = false;
  postMessage(...args: unknown[]): void { this.posted.push(args); }
  terminate(): void { this.terminated = true; }
};

function setup() {
  const ended: object[] = [];
  const Worker = makeNativeWorker();
  const win = { Worker, EventTarget, Event, MessageEvent } as unknown as typeof globalThis;
  const relay = installWorkerRelay(win, (w) => ended.push(w))!;
  return { relay, Worker, ended };
}

describe('worker relay', () => {
  it('holds the page\'s messages until release, in order, and lets later ones straight through', () => {
    const { relay, Worker } = setup();
    const w = new Worker();
    relay.hold(w);
    relay.postDirect(w, ['token', []]);
    w.postMessage({ n: 1 });
    w.postMessage({ n: 2 }, []);
    expect(w.posted).toEqual([['token', []]]);
    relay.release(w);
    w.postMessage({ n: 3 });
    expect(w.posted).toEqual([['token', []], [{ n: 1 }], [{ n: 2 }, []], [{ n: 3 }]]);
  });

  it('puts a substitute behind the page\'s object: messages, events and terminate all reach it', () => {
    const { relay, Worker, ended } = setup();
    const w = new Worker();
    const real = new Worker();
    relay.hold(w);
    w.postMessage('early');
    relay.substitute(w, real);
    w.postMessage('while judged');
    expect(real.posted).toEqual([]);
    relay.release(w);
    w.postMessage('later');
    expect(real.posted).toEqual([['early'], ['while judged'], ['later']]);
    expect(w.posted).toEqual([]);

    const heard: unknown[] = [];
    w.addEventListener('message', (e) => heard.push((e as MessageEvent).data));
    real.dispatchEvent(new MessageEvent('message', { data: 'hashed 0' }));
    expect(heard).toEqual(['hashed 0']);

    w.terminate();
    expect(real.terminated).toBe(true);
    expect(ended).toEqual([w]);
  });

  it('leaves workers it was never told about alone', () => {
    const { Worker, ended } = setup();
    const w = new Worker();
    w.postMessage('x');
    w.terminate();
    expect(w.posted).toEqual([['x']]);
    expect(w.terminated).toBe(true);
    expect(ended).toEqual([w]);
    expect(Worker.prototype.postMessage.name).toBe('postMessage');
  });
});
