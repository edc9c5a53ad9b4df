import { describe, expect, it } from 'vitest';
import { hashBytes } from '../../../src/engine/hash';
import { installHooks } from '../../../src/page/install-hooks';
import { fakeChannel, fakeRealm, fixture, rulesJson } from './fake-realm';

const nativeWA = {
  compile: WebAssembly.compile,
  instantiate: WebAssembly.instantiate,
  compileStreaming: WebAssembly.compileStreaming,
  instantiateStreaming: WebAssembly.instantiateStreaming,
  Module: WebAssembly.Module,
  Instance: WebAssembly.Instance,
};
const nativeToString = Function.prototype.toString;
const API_NAMES = ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming', 'Module', 'Instance'] as const;

const benign = fixture('benign-add.wasm');
const miner = fixture('demo-miner.wasm');
const wasmResponse = (bytes: Uint8Array) =>
  new Response(bytes.slice(), { headers: { 'content-type': 'application/wasm' } });

function hooked(config: Parameters<typeof fakeChannel>[0] = null) {
  const realm = fakeRealm();
  const channel = fakeChannel(config);
  installHooks(realm.win, () => channel);
  return { ...realm, WA: realm.win.WebAssembly, channel };
}

async function rejection(p: unknown): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('wrapped WebAssembly entry points look native', () => {
  const { WA } = hooked();

  it.each(API_NAMES)('%s keeps name, length and native source text', (name) => {
    const wrapped = WA[name];
    expect(wrapped).not.toBe(nativeWA[name]);
    expect(wrapped.name).toBe(nativeWA[name].name);
    expect(wrapped.length).toBe(nativeWA[name].length);
    expect(Function.prototype.toString.call(wrapped)).toBe(nativeToString.call(nativeWA[name]));
    expect(String(wrapped)).toMatch(/^function \w+\(\) \{ \[native code\] \}$/);
  });

  it('toString itself looks native and keeps its TypeError for non-functions', () => {
    expect(Function.prototype.toString).not.toBe(nativeToString);
    expect(Function.prototype.toString.toString()).toBe('function toString() { [native code] }');
    expect(Function.prototype.toString.name).toBe('toString');
    expect(() => Function.prototype.toString.call({})).toThrow(TypeError);
  });

  it('static functions stay non-constructible, constructors keep prototype and statics', () => {
    expect(() => new (WA.instantiate as unknown as new () => unknown)()).toThrow(TypeError);
    expect('prototype' in WA.instantiate).toBe(false);
    expect(WA.Module.prototype).toBe(nativeWA.Module.prototype);
    expect(WA.Module.prototype.constructor).toBe(WA.Module);
    expect(WA.Module.exports).toBe(nativeWA.Module.exports);
    expect(WA.Instance.prototype.constructor).toBe(WA.Instance);
  });

  it('calling a constructor without new fails like the native', () => {
    const native = thrown(() => (nativeWA.Module as unknown as (b: Uint8Array) => unknown)(benign));
    const ours = thrown(() => (WA.Module as unknown as (b: Uint8Array) => unknown)(benign));
    expect(ours.constructor).toBe(native.constructor);
    expect(ours.message).toBe(native.message);
  });
});

describe('benign modules behave exactly as without the hook', () => {
  it('instantiate(bytes) gives a working instance, async, and reports nothing', async () => {
    const { WA, channel } = hooked();
    const pending = WA.instantiate(benign);
    expect(pending).toBeInstanceOf(Promise);
    const { module, instance } = await pending;
    expect(module).toBeInstanceOf(WA.Module);
    expect((instance.exports.add as (a: number, b: number) => number)(2, 3)).toBe(5);
    expect(channel.findings).toEqual([]);
  });

  it('compile, new Module and new Instance give working objects', async () => {
    const { WA, channel } = hooked();
    const compiled = await WA.compile(benign);
    const sync = new WA.Module(benign);
    for (const m of [compiled, sync]) {
      expect(m).toBeInstanceOf(nativeWA.Module);
      const instance = new WA.Instance(m, {});
      expect(instance).toBeInstanceOf(WA.Instance);
      expect((instance.exports.add as (a: number, b: number) => number)(40, 2)).toBe(42);
    }
    expect(WA.Module.exports(sync)).toEqual(nativeWA.Module.exports(new nativeWA.Module(benign)));
    expect(channel.findings).toEqual([]);
  });

  it('streaming APIs get the original Response and work', async () => {
    const { WA, channel } = hooked();
    const { instance } = await WA.instantiateStreaming(Promise.resolve(wasmResponse(benign)));
    expect((instance.exports.add as (a: number, b: number) => number)(1, 1)).toBe(2);
    const module = await WA.compileStreaming(wasmResponse(benign));
    expect(WA.Module.exports(module).map((e) => e.name)).toContain('add');
    expect(channel.findings).toEqual([]);
  });

  it('a subclass of Module still constructs through new.target', () => {
    const { WA } = hooked();
    class Sub extends WA.Module {}
    const m = new Sub(benign);
    expect(m).toBeInstanceOf(Sub);
    expect(m).toBeInstanceOf(nativeWA.Module);
  });

  it('crypto-capable modules stay silent', async () => {
    const { WA, channel } = hooked();
    await WA.instantiate(fixture('keccak-only.wasm'));
    expect(channel.findings).toEqual([]);
  });
});

describe('invalid input fails with the engine\'s own errors', () => {
  const garbage = new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]);

  it('async compile and instantiate reject with the native CompileError and message', async () => {
    const { WA, channel } = hooked();
    for (const name of ['compile', 'instantiate'] as const) {
      const native = await rejection(nativeWA[name](garbage));
      const ours = await rejection(WA[name](garbage));
      expect(ours).toBeInstanceOf(WebAssembly.CompileError);
      expect(ours.message).toBe(native.message);
    }
    expect(channel.findings).toEqual([]);
  });

  it('sync new Module throws the native CompileError', () => {
    const { WA } = hooked();
    const native = thrown(() => new nativeWA.Module(garbage));
    const ours = thrown(() => new WA.Module(garbage));
    expect(ours.constructor).toBe(native.constructor);
    expect(ours.message).toBe(native.message);
  });

  it('non-BufferSource arguments are left to the native TypeError', async () => {
    const { WA } = hooked();
    const bytesAsArray = Array.from(benign) as unknown as BufferSource;
    const native = await rejection(nativeWA.compile(bytesAsArray));
    const ours = await rejection(WA.compile(bytesAsArray));
    expect(ours.constructor).toBe(native.constructor);
    expect(ours.message).toBe(native.message);
    const nativeSync = thrown(() => new nativeWA.Module(bytesAsArray));
    expect(thrown(() => new WA.Module(bytesAsArray)).message).toBe(nativeSync.message);
  });
});

describe('miner modules in block mode', () => {
  const sha256 = hashBytes(miner).sha256;

  it.each([
    ['compile', 'WebAssembly.compile'],
    ['instantiate', 'WebAssembly.instantiate'],
  ] as const)('%s rejects with a native-looking CompileError and reports it', async (name, api) => {
    const { WA, channel } = hooked();
    const error = await rejection(WA[name](miner));
    expect(error).toBeInstanceOf(WebAssembly.CompileError);
    expect(error.message).toBe(`${api}(): Wasm code generation disallowed by embedder`);
    expect(channel.findings).toHaveLength(1);
    expect(channel.findings[0]).toMatchObject({
      kind: 'wasm', verdict: 'miner', action: 'blocked', api, context: 'page',
      frameUrl: 'https://page.example/app/index.html', hashes: { sha256 },
    });
    expect(channel.findings[0].reason).toMatch(/^miner/);
    expect(channel.findings[0].primitives).toEqual(expect.arrayContaining(['AES', 'Keccak']));
  });

  it('new Module throws synchronously', () => {
    const { WA, channel } = hooked();
    const error = thrown(() => new WA.Module(miner));
    expect(error).toBeInstanceOf(WebAssembly.CompileError);
    expect(error.message).toBe('WebAssembly.Module(): Wasm code generation disallowed by embedder');
    expect(channel.findings[0]).toMatchObject({ action: 'blocked', api: 'WebAssembly.Module' });
  });

  it('instantiateStreaming rejects and records the Response URL', async () => {
    const { WA, channel } = hooked();
    const response = wasmResponse(miner);
    Object.defineProperty(response, 'url', { value: 'https://pool.example/cn.wasm' });
    const error = await rejection(WA.instantiateStreaming(response));
    expect(error).toBeInstanceOf(WebAssembly.CompileError);
    expect(channel.findings[0]).toMatchObject({ api: 'WebAssembly.instantiateStreaming', action: 'blocked' });
  });

  it('the bytes checked are the bytes compiled, even if the page changes its buffer afterwards', async () => {
    const { WA } = hooked();
    const buffer = benign.slice();
    const pending = WA.instantiate(buffer);
    buffer.set(miner.subarray(0, buffer.length));
    const { instance } = await pending;
    expect((instance.exports.add as (a: number, b: number) => number)(2, 2)).toBe(4);
  });
});

describe('modes and rules', () => {
  it('report-only lets the miner run and reports it', async () => {
    const { WA, channel } = hooked({ mode: 'report-only', allowed: false, rules: '' });
    const { module } = await WA.instantiate(miner);
    expect(module).toBeInstanceOf(nativeWA.Module);
    expect(channel.findings[0]).toMatchObject({ verdict: 'miner', action: 'reported' });
  });

  it.each([
    ['mode off', { mode: 'off', allowed: false, rules: '' }],
    ['allowlisted site', { mode: 'block', allowed: true, rules: '' }],
  ] as const)('%s: no checks at all', async (_label, config) => {
    const { WA, channel } = hooked(config);
    await WA.compile(miner);
    expect(new WA.Module(miner)).toBeInstanceOf(nativeWA.Module);
    expect(channel.findings).toEqual([]);
  });

  it('suspicious modules are reported but run', async () => {
    const { WA, channel } = hooked();
    await WA.instantiate(fixture('tables-from-js.wasm'));
    expect(channel.findings).toHaveLength(1);
    expect(channel.findings[0]).toMatchObject({ verdict: 'suspicious', action: 'reported' });
  });

  it('a blocking hash rule refuses an otherwise clean module and names the rule', async () => {
    const digest = hashBytes(benign, ['sha1']).sha1!;
    const rules = rulesJson([{ id: 'h-1', type: 'hash', action: 'block', severity: 'high', algorithm: 'sha1', pattern: digest, description: 'known miner build' }]);
    const { WA, channel } = hooked({ mode: 'block', allowed: false, rules });
    await expect(WA.compile(benign)).rejects.toBeInstanceOf(WebAssembly.CompileError);
    expect(channel.findings[0]).toMatchObject({ ruleId: 'h-1', verdict: 'miner', action: 'blocked', reason: 'known miner build' });
    expect(channel.findings[0].hashes).toMatchObject({ sha1: digest, sha256: hashBytes(benign).sha256 });
  });
});

describe('tamper resistance', () => {
  it('deleting or replacing instantiate leaves no unwatched path to compile', async () => {
    const { WA, channel } = hooked();
    const wrapped = { Module: WA.Module };
    delete (WA as Partial<typeof WebAssembly>).instantiate;
    WA.compile = (() => Promise.resolve(null)) as unknown as typeof WebAssembly.compile;
    WA.Module = function Module() {} as unknown as typeof WebAssembly.Module;
    const moduleProto = wrapped.Module.prototype;
    const ViaProto = moduleProto.constructor as typeof WebAssembly.Module;
    const ViaInstance = Object.getPrototypeOf(new wrapped.Module(benign)).constructor as typeof WebAssembly.Module;
    for (const Ctor of [ViaProto, ViaInstance]) {
      expect(() => new Ctor(miner)).toThrow(WebAssembly.CompileError);
      expect(() => Reflect.construct(Ctor, [miner])).toThrow(WebAssembly.CompileError);
    }
    await expect(WA.instantiateStreaming(wasmResponse(miner))).rejects.toBeInstanceOf(WebAssembly.CompileError);
    expect(channel.findings.every((f) => f.action === 'blocked')).toBe(true);
    expect(channel.findings.length).toBeGreaterThanOrEqual(5);
  });

  it('keeps the native property attributes', () => {
    const { WA } = hooked();
    expect(Object.getOwnPropertyDescriptor(WA, 'instantiate')).toMatchObject(
      { ...Object.getOwnPropertyDescriptor(WebAssembly, 'instantiate'), value: WA.instantiate },
    );
  });
});
