// The async entry points compile natively while the hook judges; what the page sees must
// still be what the native call alone would give it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installHooks } from '../../../src/page/install-hooks';
import { fakeChannel, fakeRealm, fixture } from './fake-realm';

const nativeWA = {
  compile: WebAssembly.compile,
  instantiate: WebAssembly.instantiate,
  compileStreaming: WebAssembly.compileStreaming,
  instantiateStreaming: WebAssembly.instantiateStreaming,
  Module: WebAssembly.Module,
};
/** Imports env.f and calls it from its start function. */
const callsImport = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
  0x02, 0x09, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x01, 0x66, 0x00, 0x00,
  0x08, 0x01, 0x00,
]);
const benign = fixture('benign-add.wasm');
const miner = fixture('demo-miner.wasm');
const garbage = new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]);
const wasmResponse = (bytes: Uint8Array, type = 'application/wasm') => new Response(bytes.slice(), { headers: { 'content-type': type } });

/** What the hook needs to relay a streamed body (response-relay.ts); without them it reads a clone. */
const STREAMS = { ReadableStream, ReadableStreamDefaultReader, ReadableStreamDefaultController, Headers };
let streams: Record<string, unknown> = STREAMS;

function hooked() {
  const realm = fakeRealm(streams);
  const channel = fakeChannel();
  installHooks(realm.win, () => channel);
  return { WA: realm.win.WebAssembly, channel };
}

async function rejection(p: unknown): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe.each([['relayed', STREAMS], ['read from a clone', {}]] as const)('async paths compile in parallel, results unchanged (streamed bodies %s)', (_, withStreams) => {
  beforeEach(() => { streams = withStreams; });

  it('instantiate(bytes) resolves {module, instance} shaped like the native result', async () => {
    const { WA } = hooked();
    const ours = await WA.instantiate(benign);
    const theirs = await nativeWA.instantiate(benign);
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    expect(Object.getPrototypeOf(ours)).toBe(Object.getPrototypeOf(theirs));
    expect(ours.module).toBeInstanceOf(nativeWA.Module);
    expect((ours.instance.exports.add as (a: number, b: number) => number)(20, 22)).toBe(42);
  });

  it('imports reach the start function; a missing or mistyped import object fails like the native', async () => {
    const { WA } = hooked();
    const f = vi.fn();
    await WA.instantiate(callsImport, { env: { f } });
    expect(f).toHaveBeenCalledTimes(1);
    await WA.instantiateStreaming(wasmResponse(callsImport), { env: { f } });
    expect(f).toHaveBeenCalledTimes(2);
    for (const imports of [{}, 5, undefined]) {
      const native = await rejection(nativeWA.instantiate(callsImport, imports as never));
      const ours = await rejection(WA.instantiate(callsImport, imports as never));
      expect(ours.constructor).toBe(native.constructor);
      expect(ours.message).toBe(native.message);
    }
  });

  it('instantiateStreaming and compileStreaming of invalid bytes fail with their own native wording', async () => {
    const { WA, channel } = hooked();
    for (const name of ['instantiateStreaming', 'compileStreaming'] as const) {
      const native = await rejection(nativeWA[name](wasmResponse(garbage)));
      const ours = await rejection(WA[name](wasmResponse(garbage)));
      expect(ours.constructor).toBe(native.constructor);
      expect(ours.message).toBe(native.message);
    }
    expect(channel.findings).toEqual([]);
  });

  it('a wrong MIME type is the native TypeError, worded for the API called', async () => {
    const { WA } = hooked();
    const native = await rejection(nativeWA.instantiateStreaming(wasmResponse(benign, 'text/plain')));
    const ours = await rejection(WA.instantiateStreaming(wasmResponse(benign, 'text/plain')));
    expect(ours.constructor).toBe(native.constructor);
    expect(ours.message).toBe(native.message);
  });

  it('a refused miner leaves no unhandled rejection behind', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const { WA, channel } = hooked();
      for (const call of [() => WA.instantiate(miner), () => WA.compile(miner), () => WA.instantiateStreaming(wasmResponse(miner))]) {
        expect(await rejection(call())).toBeInstanceOf(WebAssembly.CompileError);
      }
      expect(channel.findings.map((f) => f.action)).toEqual(['blocked', 'blocked', 'blocked']);
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

describe('a streamed body is read once and relayed (response-relay.ts)', () => {
  beforeEach(() => { streams = STREAMS; });

  it('reads no clone of a plain wasm Response', async () => {
    const clone = vi.spyOn(Response.prototype, 'clone');
    try {
      const { WA } = hooked();
      const { instance } = await WA.instantiateStreaming(wasmResponse(benign));
      expect((instance.exports.add as (a: number, b: number) => number)(20, 22)).toBe(42);
      expect(await WA.compileStreaming(wasmResponse(benign))).toBeInstanceOf(nativeWA.Module);
      expect(clone).not.toHaveBeenCalled();
    } finally {
      clone.mockRestore();
    }
  });

  it('what is handed out is what was judged, whenever the page rewrites a chunk it handed over', async () => {
    // A benign module padded to the miner's length, rewritten into the miner after it is
    // handed over: earlier or later than our read, the module handed out must be the one
    // judged (a benign instance, or a refusal), never the miner with a benign verdict.
    const disguised = padded(benign, miner.length);
    const delays = [
      (f: () => void) => f(),
      (f: () => void) => queueMicrotask(f),
      (f: () => void) => queueMicrotask(() => queueMicrotask(() => queueMicrotask(f))),
      (f: () => void) => setTimeout(f, 0),
      (f: () => void) => setTimeout(f, 5),
    ];
    for (const later of delays) {
      const { WA, channel } = hooked();
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          const chunk = disguised.slice();
          c.enqueue(chunk);
          later(() => chunk.set(miner));
          c.close();
        },
      });
      const outcome = await WA.instantiateStreaming(new Response(body, { headers: { 'content-type': 'application/wasm' } })).then(
        (r) => ({ exports: Object.keys(r.instance.exports) }),
        (e: Error) => ({ error: e }),
      );
      if ('exports' in outcome) {
        expect(outcome.exports, 'a module handed out is the benign one').toEqual(['add']);
        expect(channel.findings).toEqual([]);
      } else {
        expect(outcome.error).toBeInstanceOf(WebAssembly.CompileError);
      }
    }
  });

  it('a body that fails midway rejects with its error, and hands out no module', async () => {
    const { WA } = hooked();
    const broken = new Response(new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(benign.slice(0, 10));
        c.error(new Error('connection reset'));
      },
    }), { headers: { 'content-type': 'application/wasm' } });
    const e = await rejection(WA.compileStreaming(broken));
    expect(e.message).toMatch(/connection reset/);
  });

  it('a module from the network is read from a clone: the browser keeps naming it by its URL', async () => {
    const big = padded(benign, 200 * 1024);
    // (func (export "t") unreachable): its trap's stack names the module.
    const trap = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 0x74, 0, 0, 0x0a, 5, 1, 3, 0, 0, 0x0b]);
    const server = createServer((req, res) => {
      const body = req.url === '/small.wasm' ? benign : req.url === '/trap.wasm' ? trap : big;
      res.writeHead(200, { 'content-type': 'application/wasm', 'content-length': body.length });
      res.end(Buffer.from(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const clone = vi.spyOn(Response.prototype, 'clone');
    try {
      const { port } = server.address() as AddressInfo;
      const { WA } = hooked();
      for (const path of ['/small.wasm', '/big.wasm']) {
        const before = clone.mock.calls.length;
        const { instance } = await WA.instantiateStreaming(fetch(`http://127.0.0.1:${port}${path}`));
        expect((instance.exports.add as (a: number, b: number) => number)(20, 22)).toBe(42);
        expect(clone.mock.calls.length - before, path).toBeGreaterThan(0);
      }
      const url = `http://127.0.0.1:${port}/trap.wasm`;
      const { instance } = await WA.instantiateStreaming(fetch(url));
      let stack = '';
      try {
        (instance.exports.t as () => void)();
      } catch (e) {
        stack = String((e as Error).stack);
      }
      expect(stack).toContain(`${url}:wasm-function[0]`);
    } finally {
      clone.mockRestore();
      server.close();
    }
  });

  it('a status the native call refuses is refused in its words, nothing relayed', async () => {
    const { WA } = hooked();
    const notFound = () => new Response(benign.slice(), { status: 404, headers: { 'content-type': 'application/wasm' } });
    const native = await rejection(nativeWA.instantiateStreaming(notFound()));
    const ours = await rejection(WA.instantiateStreaming(notFound()));
    expect(ours.constructor).toBe(native.constructor);
    expect(ours.message).toBe(native.message);
  });
});

/** The module with a custom section appended, to `total` bytes: the same code, a longer module. */
function padded(bytes: Uint8Array, total: number): Uint8Array<ArrayBuffer> {
  const leb = (n: number) => { const out: number[] = []; do { const b = n & 0x7f; n >>>= 7; out.push(n ? b | 0x80 : b); } while (n); return out; };
  // Section: id 0, its size, then the name 'p' (length 1) and a zero payload.
  let size = total - bytes.length - 2;
  while (1 + leb(size).length + size > total - bytes.length) size--;
  const head = [0, ...leb(size), 1, 0x70];
  const out = new Uint8Array(bytes.length + 1 + leb(size).length + size);
  if (out.length !== total) throw new Error(`cannot pad ${bytes.length} bytes to exactly ${total}`);
  out.set(bytes);
  out.set(head, bytes.length);
  return out;
}
