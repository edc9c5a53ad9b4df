// The async entry points compile natively while the hook judges; what the page sees must
// still be what the native call alone would give it.
import { describe, expect, it, vi } from 'vitest';
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

function hooked() {
  const realm = fakeRealm();
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

describe('async paths compile in parallel, results unchanged', () => {
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
