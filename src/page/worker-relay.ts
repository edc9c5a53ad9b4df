// Some pages refuse the wrapper: a CSP `worker-src` without blob: makes the browser fail
// the wrapped worker asynchronously, with an error event and no hello. The page already
// holds that Worker object, so the original (uninstrumented) worker is started behind it:
// messages the page posts go to the real worker, and the real worker's events are
// re-dispatched on the object the page holds.
//
// To lose nothing in that switch, messages the page posts to an instrumented worker wait
// here until the worker has said hello. Natively they would wait in the worker's queue
// until its top-level code has run, which is also when the hello comes, so the page sees
// the same order and the same timing to within one message hop. A substituted worker gets
// them only once its script has been judged, so a miner that waits for its first job
// from the page is stopped before it has one.
import { apply, bareArray, construct, getterOf, SafeWeakMap } from './intrinsics';
import { disguise, replaceValue } from './native-disguise';

type Fn = (...args: never[]) => unknown;

export interface WorkerRelay {
  /** Adds a gate: the page's messages wait until every gate is released. */
  hold(worker: object): void;
  /** Releases one gate; after the last, held messages go through (to the substitute if there is one). */
  release(worker: object): void;
  /** Puts `real` behind `worker`: the page's messages go to it, its events come out of `worker`. */
  substitute(worker: object, real: object): void;
  /** Posts past the hold: the hook's own handover goes first. */
  postDirect(worker: object, args: unknown[]): void;
  /** Terminates the worker the page means by `worker`. */
  terminate(worker: object): void;
}

export function installWorkerRelay(win: typeof globalThis, onTerminate: (worker: object) => void): WorkerRelay | null {
  const proto = win.Worker?.prototype;
  const nativePost = proto?.postMessage as Fn | undefined;
  const nativeTerminate = proto?.terminate as Fn | undefined;
  if (!proto || typeof nativePost !== 'function' || typeof nativeTerminate !== 'function') return null;
  const listen = win.EventTarget.prototype.addEventListener;
  const dispatch = win.EventTarget.prototype.dispatchEvent;
  const readData = getterOf(win.MessageEvent.prototype, 'data')!;
  const readPorts = getterOf(win.MessageEvent.prototype, 'ports')!;
  const errorProto = win.ErrorEvent?.prototype;
  const errorFields = ['message', 'filename', 'lineno', 'colno', 'error'] as const;
  const readError = errorFields.map((name) => getterOf(errorProto, name));
  const NativeMessageEvent = win.MessageEvent;
  const NativeErrorEvent = win.ErrorEvent ?? win.Event;

  const held = new SafeWeakMap<object, unknown[][]>();
  const gates = new SafeWeakMap<object, number>();
  const relayed = new SafeWeakMap<object, object>();


  function forward(real: object, worker: object, type: 'message' | 'messageerror' | 'error'): void {
    apply(listen, real, [type, (event: Event) => {
      let copy: Event;
      if (type === 'error') {
        const init: Record<string, unknown> = {};
        for (let i = 0; i < errorFields.length; i++) {
          try {
            const read = readError[i];
            if (read) init[errorFields[i]!] = apply(read, event, []);
          } catch {
            // A plain Event (a load failure) carries none of these.
          }
        }
        copy = construct(NativeErrorEvent, [type, init]) as Event;
      } else {
        copy = construct(NativeMessageEvent, [type, { data: apply(readData, event, []), ports: apply(readPorts, event, []) }]) as Event;
      }
      apply(dispatch, worker, [copy]);
    }]);
  }

  const wrappers = {
    postMessage(this: unknown, ...args: unknown[]): unknown {
      if (typeof this === 'object' && this !== null) {
        const queue = held.get(this);
        if (queue) {
          queue[queue.length] = args;
          return undefined;
        }
        const real = relayed.get(this);
        if (real) return apply(nativePost!, real, args);
      }
      return apply(nativePost!, this, args);
    },
    terminate(this: unknown, ...args: unknown[]): unknown {
      const real = typeof this === 'object' && this !== null ? relayed.get(this) : undefined;
      const result = apply(nativeTerminate!, real ?? this, args);
      if (typeof this === 'object' && this !== null) onTerminate(this);
      return result;
    },
  };
  replaceValue(proto, 'postMessage', disguise(wrappers.postMessage, nativePost));
  replaceValue(proto, 'terminate', disguise(wrappers.terminate, nativeTerminate));

  return {
    hold(worker) {
      if (!held.has(worker)) held.set(worker, bareArray());
      gates.set(worker, (gates.get(worker) ?? 0) + 1);
    },
    release(worker) {
      const queue = held.get(worker);
      if (!queue) return;
      const left = (gates.get(worker) ?? 1) - 1;
      gates.set(worker, left);
      if (left > 0) return;
      held.delete(worker);
      const to = relayed.get(worker) ?? worker;
      for (let i = 0; i < queue.length; i++) apply(nativePost!, to, queue[i]!);
    },
    substitute(worker, real) {
      relayed.set(worker, real);
      forward(real, worker, 'message');
      forward(real, worker, 'messageerror');
      forward(real, worker, 'error');
    },
    postDirect(worker, args) {
      apply(nativePost!, worker, args);
    },
    terminate(worker) {
      apply(wrappers.terminate, worker, []);
    },
  };
}
