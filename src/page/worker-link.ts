// The starter's end of an instrumented worker's private port: the worker's findings join
// this realm's channel (with this frame's URL), a block stops the worker, and every
// worker gets a heartbeat once it runs, so a saturated event loop shows: behaviour.ts
// weighs it against the crypto-capable code, or the absence of any Wasm, it reported.
import { BUSY_AFTER_MISSED, HEARTBEAT_MS } from './behaviour';
import type { HookContext } from './hook-context';
import { apply, getterOf, jsonParse, promiseThen } from './intrinsics';
import { encodeJson } from './json-text';
import type { WorkerContext } from './worker-boot';
import type { DownMessage, UpMessage } from './worker-wire';
import type { Finding } from '../engine/types';

export interface WorkerLink {
  context: WorkerContext;
  /** The worker's original script URL. */
  url: string;
  /** Gives the worker the handover: `token` with `port` transferred. */
  handOver(token: string, port: MessagePort): void;
  /** Stops the worker once it reports a block; absent for shared workers, which close themselves. */
  stop?(): void;
  /** Object URLs made to start this worker, revoked once it has loaded them. */
  objectUrls: string[];
  /** The worker has loaded the wrapper and taken the port. */
  onHello(): void;
}

export interface WorkerLinker {
  link(link: WorkerLink, token: string): LinkedWorker;
}

export interface LinkedWorker {
  /** The page stopped the worker itself: silence is no longer a sign of a busy loop. */
  ended(): void;
}

/** Captures what it needs at install time, before page scripts can replace it. */
export function createWorkerLinker(ctx: HookContext): WorkerLinker | null {
  const { win } = ctx;
  const NativeChannel = win.MessageChannel;
  if (typeof NativeChannel !== 'function') return null;
  // Accessors in browsers; plain own properties where a runtime defines them so (Node).
  const readPort1 = getterOf(NativeChannel.prototype, 'port1');
  const readPort2 = getterOf(NativeChannel.prototype, 'port2');
  const portOf = (channel: MessageChannel, read: typeof readPort1, own: 'port1' | 'port2') =>
    (read ? apply(read, channel, []) : channel[own]) as MessagePort;
  const readData = getterOf(win.MessageEvent.prototype, 'data')!;
  const portPost = win.MessagePort.prototype.postMessage;
  const portStart = win.MessagePort.prototype.start;
  const listen = win.EventTarget.prototype.addEventListener;
  const revoke = win.URL.revokeObjectURL;
  const setTimer = win.setInterval;
  const clearTimer = win.clearInterval;
  const configText = () => {
    const c = ctx.channel.config();
    return c ? encodeJson({ mode: c.mode, allowed: c.allowed, rules: c.rules }) : null;
  };

  return {
    link(link, token) {
      const channel = new NativeChannel();
      const port = portOf(channel, readPort1, 'port1');
      const down = (message: DownMessage) => apply(portPost, port, [encodeJson(message)]);
      let heartbeat: unknown = null;
      let awaitingPong = false;
      let missed = 0;
      let stopped = false;
      let ranCrypto = false;
      let usedWasm = false;

      function stopHeartbeat(): void {
        if (heartbeat !== null) apply(clearTimer, win, [heartbeat]);
        heartbeat = null;
      }

      function startHeartbeat(): void {
        if (heartbeat === null && !stopped) heartbeat = apply(setTimer, win, [beat, HEARTBEAT_MS]);
      }

      function beat(): void {
        if (awaitingPong && ++missed >= BUSY_AFTER_MISSED) {
          stopHeartbeat();
          // A loop in benign Wasm (a game, a codec) is neither pattern.
          if (ranCrypto) ctx.behaviour.busyWorker(link.url);
          else if (!usedWasm) ctx.behaviour.busyWorker(link.url, true);
          return;
        }
        awaitingPong = true;
        down({ type: 'ping' });
      }

      function forward(finding: Finding): void {
        if (typeof finding !== 'object' || finding === null) return;
        finding.frameUrl = ctx.scope.frameUrl();
        if (finding.context !== 'worker' && finding.context !== 'shared-worker') finding.context = link.context;
        ctx.channel.report(finding);
        if (finding.action === 'blocked' && !stopped && link.stop) {
          stopped = true;
          stopHeartbeat();
          link.stop();
        }
      }

      function onUp(event: Event): void {
        let message: UpMessage;
        try {
          message = apply(jsonParse, undefined, [apply(readData, event, [])]) as UpMessage;
        } catch {
          return;
        }
        if (typeof message !== 'object' || message === null) return;
        switch (message.type) {
          case 'hello':
            for (let i = 0; i < link.objectUrls.length; i++) apply(revoke, win.URL, [link.objectUrls[i]]);
            link.objectUrls = [];
            link.onHello();
            startHeartbeat();
            return;
          case 'pong':
            awaitingPong = false;
            missed = 0;
            return;
          case 'finding':
            forward(message.finding);
            return;
          case 'crypto-capable':
            if (typeof message.run !== 'object' || message.run === null) return;
            ctx.behaviour.cryptoCapable({ ...message.run, relayed: true });
            if (!message.run.relayed) {
              usedWasm = true;
              ranCrypto = true;
              startHeartbeat();
            }
            return;
          case 'wasm':
            usedWasm = true;
            return;
          case 'worker-started':
            ctx.behaviour.workerStarted();
            return;
          case 'busy':
            if (typeof message.url === 'string') ctx.behaviour.busyWorker(message.url, message.withoutWasm === true);
            return;
        }
      }

      apply(listen, port, ['message', onUp]);
      apply(portStart, port, []);
      link.handOver(token, portOf(channel, readPort2, 'port2'));
      if (!ctx.channel.config()) {
        // Started before the bridge answered: the worker runs on fingerprints until this arrives.
        apply(promiseThen, ctx.channel.afterConfig(), [() => {
          const text = configText();
          if (text !== null) down({ type: 'config', config: text });
        }]);
      }
      return {
        ended() {
          stopped = true;
          stopHeartbeat();
        },
      };
    },
  };
}
