// WebSocket: the endpoint URL is checked against the page rules at construction, and
// frames in both directions, text and binary of any size, are checked for Stratum (the
// mining-pool protocol) and for ws-message rules. A miner that gets through every other check still has to
// log in to a pool and submit shares; in block mode the offending frame is dropped and
// the socket closed, so the pool never receives the login or the share.
import { classifyWsMessage } from '../engine/stratum';
import { mayBePoolCall } from '../engine/stratum-prefilter';
import { anyWsRuleMayMatch } from '../engine/rules/ws-filters';
import { bytesToText } from '../engine/stratum-bytes';
import type { VerdictLevel } from '../engine/types';
import { emit, type HookContext } from './hook-context';
import { copyBufferSource } from './buffer-source';
import { blobReader } from './websocket-blob';
import { apply, construct, getterOf, promiseThen, SafeWeakMap } from './intrinsics';
import { levelOfRule, ruleReason } from './make-finding';
import { disguise, disguiseConstructor, replaceValue } from './native-disguise';
import { loadRefusal } from './refusals';
import { matchLoadUrl, resolveUrl } from './script-url';
import { pristine, RealmTampered } from './realm-guard';

/**
 * Classification on the built-ins of install time (realm-guard.ts). Where the page made
 * them impossible to restore, frames are still classified, on what the page left.
 */
function guarded<T>(fn: () => T): T {
  try {
    return pristine(fn);
  } catch (e) {
    if (e instanceof RealmTampered) return fn();
    throw e;
  }
}

type Ctor = (...args: never[]) => unknown;

interface SocketState {
  url: string;
  /** What was already reported for this socket: one finding per kind of frame, not one per share. */
  reported: Record<string, true>;
  /** Sends made while a Blob frame is being read: they follow it, in order, once it is judged. */
  queue?: unknown[][];
}

const sockets = new SafeWeakMap<object, SocketState>();

const stringIndexOf = String.prototype.indexOf;
const findIn = (text: string, token: string): number => apply(stringIndexOf, text, [token]) as number;

export function installWebSocketHooks(ctx: HookContext): void {
  const { win, policy } = ctx;
  const native = win.WebSocket as unknown as Ctor | undefined;
  if (typeof native !== 'function') return;
  const proto = (native as unknown as { prototype: WebSocket }).prototype;
  const nativeSend = proto.send;
  const nativeClose = proto.close;
  const readUrl = getterOf(proto, 'url');
  const listen = win.EventTarget.prototype.addEventListener;
  const readData = getterOf(win.MessageEvent?.prototype, 'data');
  const stopImmediate = win.Event.prototype.stopImmediatePropagation;
  const readyState = getterOf(proto, 'readyState');
  const readBlob = blobReader(win);

  function stateOf(socket: unknown): SocketState | null {
    if (typeof socket !== 'object' || socket === null) return null;
    let state = sockets.get(socket);
    if (!state) {
      // A socket made before we were installed or in another realm: the getter is the brand check.
      try {
        state = { url: readUrl ? String(apply(readUrl, socket, [])) : '', reported: Object.create(null) };
      } catch {
        return null;
      }
      sockets.set(socket, state);
    }
    return state;
  }

  /**
   * False when neither the classifier nor a ws-message rule could find anything in `text`.
   * Such frames, most of a busy socket's, then go through without the realm guard's pass,
   * which costs each frame a tenth of a millisecond. Only captured functions and our own
   * objects are used: the page cannot make a pool call look plain.
   */
  function worthVetting(text: string): boolean {
    if (mayBePoolCall(text, findIn)) return true;
    const filters = policy.matcher()?.wsFilters;
    return !!filters && anyWsRuleMayMatch(text, filters, findIn);
  }

  /** True when the frame must not go through (and the socket has been closed). */
  function vetFrame(socket: unknown, text: string, direction: 'sent' | 'received', binary = false): boolean {
    if (!worthVetting(text)) return false;
    return guarded(() => vetFrameNow(socket, text, direction, binary));
  }

  function vetFrameNow(socket: unknown, text: string, direction: 'sent' | 'received', binary: boolean): boolean {
    if (!policy.checking()) return false;
    const state = stateOf(socket);
    if (!state) return false;
    let level: VerdictLevel;
    let reason: string;
    let key: string;
    let ruleId: string | undefined;
    const stratum = classifyWsMessage(text);
    if (stratum.stratum) {
      const method = stratum.method ?? 'message';
      level = 'miner';
      reason = `Stratum ${method} ${direction}${stratum.dialect ? ` (${stratum.dialect})` : ''}${binary ? ' as a binary frame' : ''}: ${stratum.reason}`;
      key = `${direction}:stratum:${method}`;
    } else {
      const hit = policy.matcher()?.matchWsMessage(text);
      if (!hit) return false;
      level = levelOfRule(hit);
      reason = ruleReason(hit);
      ruleId = hit.ruleId;
      key = `${direction}:rule:${hit.ruleId}`;
    }
    const refuse = level === 'miner' && policy.blocking();
    if (!state.reported[key]) {
      state.reported[key] = true;
      emit(ctx, {
        kind: 'websocket',
        verdict: level,
        action: refuse ? 'blocked' : 'reported',
        reason,
        ...(ruleId !== undefined ? { ruleId } : {}),
        url: state.url,
        api: direction === 'sent' ? 'WebSocket.prototype.send' : 'WebSocket message',
      });
    }
    if (refuse) apply(nativeClose, socket, []);
    return refuse;
  }

  // Added through the captured addEventListener before any page listener, so it runs
  // first and can keep a blocked `job` from reaching the miner; onmessage is untouched.
  function onMessage(this: unknown, event: Event): void {
    let data: unknown;
    try {
      data = readData ? apply(readData, event, []) : undefined;
    } catch {
      return;
    }
    if (typeof data === 'string') {
      if (vetFrame(this, data, 'received')) apply(stopImmediate, event, []);
      return;
    }
    if (!policy.checking()) return;
    const bytes = copyBufferSource(data);
    if (bytes) {
      if (vetFrame(this, bytesToText(bytes), 'received', true)) apply(stopImmediate, event, []);
      return;
    }
    // binaryType 'blob' (the default): readable only after page listeners ran, so a pool
    // job in a Blob is reported and its socket closed, but that one frame is delivered.
    const socket = this;
    const read = readBlob(data);
    if (read) apply(promiseThen, read, [(b: Uint8Array) => vetFrame(socket, bytesToText(b), 'received', true), () => undefined]);
  }

  /** The rule verdict on a socket URL, reported; true when the socket must not be used. */
  function vetUrl(url: string): boolean {
    if (!policy.checking()) return false;
    const hit = matchLoadUrl(ctx, url, 'websocket');
    if (!hit) return false;
    const refuse = hit.action === 'block' && policy.blocking();
    emit(ctx, {
      kind: 'websocket', verdict: levelOfRule(hit), action: refuse ? 'blocked' : 'reported',
      reason: ruleReason(hit), ruleId: hit.ruleId, url, api: 'new WebSocket',
    });
    return refuse;
  }

  function WebSocketWrapper(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return apply(native!, this, args);
    const url = resolveUrl(ctx, args[0]);
    const configured = ctx.channel.config() !== null;
    if (url !== null && vetUrl(url)) throw loadRefusal(win, ctx.scope.origin, 'WebSocket', url);
    const socket = construct(native!, args, new.target as Ctor) as object;
    sockets.set(socket, { url: url ?? '', reported: Object.create(null) });
    apply(listen, socket, ['message', onMessage]);
    // Opened before the rules arrived: checked again once they are, and closed if they say so.
    if (!configured && url !== null) {
      apply(promiseThen, ctx.channel.afterConfig(), [() => {
        if (vetUrl(url)) apply(nativeClose, socket, []);
      }]);
    }
    return socket;
  }

  /**
   * A Blob send on an open socket is held until its bytes are read and judged, and later
   * sends queue behind it, so the pool sees frames in the page's order and never a
   * refused one. False when `args` is not such a send.
   */
  function sendBlob(socket: unknown, state: SocketState, args: unknown[]): boolean {
    if (readyState && apply(readyState, socket, []) !== 1) return false;
    const read = readBlob(args[0]);
    if (!read) return false;
    state.queue = [];
    const settle = (bytes: Uint8Array | null) => {
      const queued = state.queue ?? [];
      state.queue = undefined;
      if (bytes && vetFrame(socket, bytesToText(bytes), 'sent', true)) return;
      apply(nativeSend, socket, args);
      // Through the wrapper: each queued frame is judged, and another Blob re-queues the rest.
      for (const later of queued) {
        try {
          apply(send, socket, later);
        } catch {
          // The page's own send would have thrown asynchronously too late to catch; drop it.
        }
      }
    };
    apply(promiseThen, read, [settle, () => settle(null)]);
    return true;
  }

  const send = {
    send(this: unknown, ...args: unknown[]): unknown {
      const data = args[0];
      const state = policy.checking() ? stateOf(this) : null;
      if (state?.queue) {
        state.queue.push(args);
        return undefined;
      }
      if (typeof data === 'string') return vetFrame(this, data, 'sent') ? undefined : apply(nativeSend, this, args);
      const bytes = state ? copyBufferSource(data) : null;
      if (!bytes) return state && sendBlob(this, state, args) ? undefined : apply(nativeSend, this, args);
      // The copy is both what was judged and what is sent, so nothing can change the
      // bytes in between (a SharedArrayBuffer view, a getter on the page's object).
      return vetFrame(this, bytesToText(bytes), 'sent', true) ? undefined : apply(nativeSend, this, [bytes]);
    },
  }.send;

  replaceValue(proto, 'send', disguise(send, nativeSend as Ctor));
  replaceValue(win, 'WebSocket', disguiseConstructor(WebSocketWrapper, native));
}
