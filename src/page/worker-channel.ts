// The worker hook's HookChannel. Reports go up the private port the starter hands over in
// the worker's first message; until it arrives (a classic worker's queue opens only once
// its top-level code has run) they wait here, so a module refused at top level is still
// reported and the worker terminated.
import type { PageConfig } from '../engine/protocol';
import type { Finding } from '../engine/types';
import type { BehaviourSink } from './behaviour';
import { CONFIG_WAIT_MS, type HookChannel } from './hook-channel';
import { apply, bareArray, getterOf, jsonParse, NativePromise } from './intrinsics';
import { encodeJson, type JsonValue } from './json-text';
import { parseConfig } from './page-config';
import type { WorkerBoot } from './worker-boot';
import type { DownMessage, UpMessage } from './worker-wire';

/** Reports kept while no port has arrived; a worker that never opens its queue cannot flood memory. */
export const MAX_QUEUED = 64;

export interface WorkerChannel extends HookChannel {
  /** Behaviour signals travel up the same port. */
  behaviour: BehaviourSink;
  /**
   * Holds back the hello (which releases the page's messages) until the returned function
   * runs: a module worker importing its script late must have its listeners in place first.
   */
  holdHello(): () => void;
}

type WorkerGlobal = typeof globalThis & { close(): void };

export function openWorkerChannel(self: WorkerGlobal, boot: WorkerBoot, onBlocked: () => void): WorkerChannel {
  const listen = self.EventTarget.prototype.addEventListener;
  const stopImmediate = self.Event.prototype.stopImmediatePropagation;
  const readData = getterOf(self.MessageEvent.prototype, 'data')!;
  const readPorts = getterOf(self.MessageEvent.prototype, 'ports')!;
  const portPost = self.MessagePort.prototype.postMessage;
  const portStart = self.MessagePort.prototype.start;
  const setTimer = self.setTimeout;

  // Appended to by index: without a prototype, no page setter on Array.prototype can drop a report.
  const ports = bareArray<MessagePort>();
  const queue = bareArray<string>();
  let current: PageConfig | null = boot.config;
  let waiting: Promise<void> | null = null;
  let release: (() => void) | null = null;
  let arrived: Promise<void> | null = null;
  let announce: (() => void) | null = null;
  let blocked = false;
  let wasmTold = false;
  let helloHeld = false;
  const owedHello = bareArray<MessagePort>();

  function send(message: UpMessage): void {
    const text = encodeJson(message as unknown as JsonValue);
    if (ports.length === 0) {
      if (queue.length < MAX_QUEUED) queue[queue.length] = text;
      return;
    }
    for (let i = 0; i < ports.length; i++) apply(portPost, ports[i], [text]);
  }

  function onDown(this: MessagePort, event: MessageEvent): void {
    let message: DownMessage;
    try {
      message = apply(jsonParse, undefined, [apply(readData, event, [])]) as DownMessage;
    } catch {
      return;
    }
    if (message?.type === 'ping') apply(portPost, this, [encodeJson({ type: 'pong' })]);
    if (message?.type === 'config') {
      const next = parseConfig(message.config);
      if (!next) return;
      current = next;
      release?.();
      announce?.();
    }
  }

  function adopt(port: MessagePort): void {
    ports[ports.length] = port;
    apply(listen, port, ['message', onDown]);
    apply(portStart, port, []);
    if (helloHeld) owedHello[owedHello.length] = port;
    else apply(portPost, port, [encodeJson({ type: 'hello' })]);
    for (let i = 0; i < queue.length; i++) apply(portPost, port, [queue[i]]);
    queue.length = 0;
    if (blocked) onBlocked();
  }

  /** True when `event` is the starter's handover; it is then hidden from the worker's own listeners. */
  function takeHandover(event: MessageEvent): boolean {
    // isTrusted is unforgeable: the worker's own code cannot dispatch a fake handover to itself.
    if (!event.isTrusted || apply(readData, event, []) !== boot.token) return false;
    const port = (apply(readPorts, event, []) as readonly MessagePort[])[0];
    if (!port) return false;
    apply(stopImmediate, event, []);
    adopt(port);
    return true;
  }

  if (boot.context === 'worker') {
    const onFirst = (event: Event) => {
      if (ports.length === 0) takeHandover(event as MessageEvent);
    };
    apply(listen, self, ['message', onFirst]);
  } else {
    // A shared worker: every connecting document hands over a port on its connection.
    apply(listen, self, ['connect', (event: Event) => {
      const port = (apply(readPorts, event, []) as readonly MessagePort[])[0];
      if (!port) return;
      apply(listen, port, ['message', (e: Event) => { takeHandover(e as MessageEvent); }]);
      // Not started, the handover would wait until the worker's code starts the port itself.
      // Its connect listener runs in this same dispatch, before any message is delivered.
      apply(portStart, port, []);
    }]);
  }

  return {
    report(finding: Finding) {
      send({ type: 'finding', finding });
      if (finding.action === 'blocked') {
        blocked = true;
        if (ports.length > 0) onBlocked();
      }
    },
    config: () => current,
    whenConfigured() {
      if (current) return new NativePromise<void>((resolve) => resolve());
      waiting ??= new NativePromise<void>((resolve) => {
        release = resolve;
        apply(setTimer, self, [resolve, CONFIG_WAIT_MS]);
      });
      return waiting;
    },
    afterConfig() {
      if (current) return new NativePromise<void>((resolve) => resolve());
      arrived ??= new NativePromise<void>((resolve) => { announce = resolve; });
      return arrived;
    },
    holdHello() {
      helloHeld = true;
      return () => {
        if (!helloHeld) return;
        helloHeld = false;
        for (let i = 0; i < owedHello.length; i++) apply(portPost, owedHello[i], [encodeJson({ type: 'hello' })]);
        owedHello.length = 0;
      };
    },
    behaviour: {
      cryptoCapable: (run) => send({ type: 'crypto-capable', run }),
      workerStarted: () => send({ type: 'worker-started' }),
      busyWorker: (url, withoutWasm) => send(withoutWasm ? { type: 'busy', url, withoutWasm: true } : { type: 'busy', url }),
      wasmCompiled() {
        if (wasmTold) return;
        wasmTold = true;
        send({ type: 'wasm' });
      },
    },
  };
}
