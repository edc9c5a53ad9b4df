// A streamed module's bytes, read once: the hook reads the page's Response itself and hands
// each chunk on, as its own copy, to a Response of its own that the native streaming
// compile reads. The native compile streams as the page's call would, while the hook
// keeps a copy to judge.
//
// It replaces reading a clone: Chromium's clone tees the body, and in the bench reading
// the clone of a 14 MB module took longer than the whole native instantiateStreaming.
// "What we judge is what compiles" holds for a body the page streams itself: the native
// compile only gets copies the page never held, so writing to a chunk after handing it
// over changes neither (test/unit/page/wasm-async-paths.test.ts).
//
// Only a Response made by script is relayed: one from the network is read from a clone, as
// before. A Response of ours has no URL and no HTTP cache entry, and the browser names a
// streamed module by its Response's URL (stack traces, seen in both browsers) and keeps the
// compiled code of one over 128 KB in that cache entry (Chromium, crrev.com/626755). A script-made Response has neither to lose, and it is the one whose
// chunks page code can hold.
//
// Everything is captured at install and called with `apply`; the objects we hand the
// platform (the underlying source, the init dictionaries) have no prototype, so none of
// their lookups reaches the page.
import { copyBufferSource } from './buffer-source';
import { apply, bareArray, construct, getterOf, NativeUint8Array } from './intrinsics';
import { bare, seal } from './sealed-promise';

export interface Relay {
  /** Ours: the same status and content type, and copies of the original's chunks. */
  readonly response: Response;
  /** Every byte of the body once it has ended (boxed: see sealed-promise.ts); rejects with the body's error. */
  readonly bytes: Promise<{ bytes: Uint8Array }>;
  /** Another Response of the same bytes, for redoing a call to word its error. */
  again(): Promise<Response>;
}

type Fn = (...args: never[]) => unknown;

// Captured when the bundle runs, before page code.
const u8Set = Uint8Array.prototype.set;
const NativeTypeError = TypeError;

/** The statuses a Response with a body can be made with (Fetch: 200–599, no null-body status). */
function bodyStatus(status: number): boolean {
  return status >= 200 && status <= 599 && status !== 204 && status !== 205 && status !== 304;
}

/** Null where the platform lacks a piece: the caller then reads a clone, as before. */
export function responseRelayer(win: typeof globalThis): ((response: unknown) => Relay | null) | null {
  const NativeResponse = win.Response;
  const NativeStream = win.ReadableStream;
  const proto = NativeResponse?.prototype;
  const readBody = getterOf(proto, 'body');
  const readBodyUsed = getterOf(proto, 'bodyUsed');
  const readStatus = getterOf(proto, 'status');
  const readStatusText = getterOf(proto, 'statusText');
  const readType = getterOf(proto, 'type');
  const readHeaders = getterOf(proto, 'headers');
  const headerOf = win.Headers?.prototype.get as Fn | undefined;
  const getReader = NativeStream?.prototype.getReader as Fn | undefined;
  const read = (win as { ReadableStreamDefaultReader?: { prototype: { read: Fn } } }).ReadableStreamDefaultReader?.prototype.read;
  const controller = (win as { ReadableStreamDefaultController?: { prototype: { enqueue: Fn; close: Fn; error: Fn } } }).ReadableStreamDefaultController?.prototype;
  const enqueue = controller?.enqueue;
  const close = controller?.close;
  const fail = controller?.error;
  const typedProto = Reflect.getPrototypeOf(Uint8Array.prototype) as object;
  const tagOf = getterOf(typedProto, Symbol.toStringTag);
  const lengthOf = getterOf(typedProto, 'length');
  if (!NativeResponse || !NativeStream || !readBody || !readBodyUsed || !readStatus || !readStatusText || !readType
    || !readHeaders || !headerOf || !getReader || !read || !enqueue || !close || !fail || !tagOf || !lengthOf) return null;

  function init(status: number, statusText: string, type: string | null): ResponseInit {
    const headers = bare({}) as Record<string, string>;
    if (type !== null) headers['content-type'] = type;
    return bare({ status, statusText, headers });
  }

  /** Our own Response over `source`, which is called with the stream's controller at once. */
  function responseOver(start: (c: unknown) => void, responseInit: ResponseInit): Response {
    const stream = construct(NativeStream!, [bare({ start })]);
    return construct(NativeResponse!, [stream, responseInit]) as Response;
  }

  return (response) => {
    let status: number;
    let statusText: string;
    let type: string | null;
    let body: unknown;
    try {
      // Brand check too: anything but a Response throws here.
      status = apply(readStatus, response, []) as number;
      const kind = apply(readType, response, []) as string;
      // From the network (see above), or refused by the native call before it reads a byte.
      if (kind !== 'default' || !bodyStatus(status)) return null;
      if (apply(readBodyUsed, response, [])) return null;
      body = apply(readBody, response, []);
      if (body === null) return null;
      statusText = apply(readStatusText, response, []) as string;
      type = apply(headerOf, apply(readHeaders, response, []), ['content-type']) as string | null;
    } catch {
      return null;
    }
    const responseInit = init(status, statusText, type);
    let ctrl: unknown;
    let relayed: Response;
    let reader: unknown;
    try {
      relayed = responseOver((c) => { ctrl = c; }, responseInit);
      reader = apply(getReader, body, []);
    } catch {
      return null; // a locked body: the clone path gets the native's error
    }
    const kept = bareArray<Uint8Array>();
    const pump = async (): Promise<{ bytes: Uint8Array }> => {
      let open = true;
      let total = 0;
      try {
        for (;;) {
          const step = await seal(apply(read, reader, []) as Promise<{ done: boolean; value: unknown }>);
          if (step.done) break;
          const chunk = step.value;
          let isBytes = false;
          try {
            isBytes = apply(tagOf, chunk, []) === 'Uint8Array';
          } catch {
            // not a typed array
          }
          // A body stream must yield Uint8Arrays; the native read fails on anything else.
          if (!isBytes) throw new NativeTypeError('Response body chunk is not a Uint8Array');
          const mine = copyBufferSource(chunk)!;
          kept[kept.length] = mine;
          total += apply(lengthOf, mine, []) as number;
          if (open) {
            try {
              // A second copy: the native reader may keep or detach what it is given.
              apply(enqueue, ctrl, [new NativeUint8Array(mine)]);
            } catch {
              open = false; // the native compile stopped reading (it failed): we still need the bytes
            }
          }
        }
        if (open) apply(close, ctrl, []);
      } catch (error) {
        try {
          apply(fail, ctrl, [error]);
        } catch {
          // already closed or errored
        }
        throw error;
      }
      // A body made from one buffer comes as one chunk: it is ours already, no need to join.
      if (kept.length === 1) return bare({ bytes: kept[0]! });
      const all = new NativeUint8Array(total);
      let at = 0;
      for (let i = 0; i < kept.length; i++) {
        apply(u8Set, all, [kept[i]!, at]);
        at += apply(lengthOf, kept[i]!, []) as number;
      }
      return bare({ bytes: all });
    };
    const bytes = seal(pump());
    return bare({
      response: relayed,
      bytes,
      async again(): Promise<Response> {
        const { bytes: all } = await bytes;
        return responseOver((c) => {
          apply(enqueue, c, [new NativeUint8Array(all)]);
          apply(close, c, []);
        }, responseInit);
      },
    });
  };
}
