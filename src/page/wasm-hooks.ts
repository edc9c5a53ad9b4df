// Every way a page can turn bytes into running Wasm on the main thread passes through
// here. Benign modules take the native path with the same arguments (a byte copy in
// place of the BufferSource), so results, errors and async/sync behaviour are the
// engine's own; invalid bytes are never judged by us but left to the native CompileError.
import { argsWith } from './call-args';
import { emit, type HookContext } from './hook-context';
import { apply, construct, getterOf, NativeUint8Array, promiseThen } from './intrinsics';
import { judgeModule, worthMemoryRecheck, type ModuleJudgement } from './judge-module';
import { watchInstanceMemory } from './memory-recheck';
import { moduleRecords, recordOf, type ModuleRecord } from './module-records';
import { disguise, disguiseConstructor, replaceValue } from './native-disguise';
import { copyBufferSource } from './buffer-source';
import { wasmRefuser } from './refusals';

type Fn = (...args: never[]) => unknown;

export function installWasmHooks(ctx: HookContext): void {
  const { win, policy, channel } = ctx;
  const WA = win.WebAssembly;
  if (typeof WA !== 'object' || WA === null) return;
  const native = {
    compile: WA.compile, instantiate: WA.instantiate, Module: WA.Module, Instance: WA.Instance,
    compileStreaming: WA.compileStreaming, instantiateStreaming: WA.instantiateStreaming,
  };
  const RealmPromise = win.Promise;
  const responseProto = win.Response?.prototype;
  const cloneResponse = responseProto?.clone;
  const readArrayBuffer = responseProto?.arrayBuffer;
  const readUrl = getterOf(responseProto, 'url');
  const wasmRefusal = wasmRefuser(win, native.Module);

  /** Judges the bytes; throws the refusal when the module must not run. */
  function vet(bytes: Uint8Array, api: string, url?: string): ModuleJudgement | null {
    if (!policy.checking()) return null;
    const j = judgeModule(bytes, policy);
    const refuse = j.level === 'miner' && policy.blocking();
    if (j.level) {
      emit(ctx, {
        kind: 'wasm',
        verdict: j.level,
        action: refuse ? 'blocked' : 'reported',
        reason: j.reason,
        ...(j.hit ? { ruleId: j.hit.ruleId } : {}),
        primitives: j.report.primitives.map((p) => p.name),
        ...(url !== undefined ? { url } : {}),
        hashes: j.hashes,
        api,
      });
    } else if (j.report.verdict.level === 'crypto-capable') {
      const where = url ?? ctx.scope.scriptUrl;
      ctx.behaviour.cryptoCapable({ api, context: ctx.scope.context, ...(where !== undefined ? { url: where } : {}) });
    }
    if (refuse) throw wasmRefusal(api);
    return j;
  }

  function remember(module: unknown, j: ModuleJudgement | null, api: string, url?: string): ModuleRecord | undefined {
    if (!j || !worthMemoryRecheck(j.report) || typeof module !== 'object' || module === null) return undefined;
    const record: ModuleRecord = { judgement: j, api, minerByMemory: false, ...(url !== undefined ? { url } : {}) };
    moduleRecords.set(module, record);
    return record;
  }

  /** A module that showed a miner in memory is not instantiated again in block mode. */
  function refusedByMemory(record: ModuleRecord | undefined): boolean {
    return !!record?.minerByMemory && policy.checking() && policy.blocking();
  }

  /** Runs our async steps but hands the page a promise of its own realm, like the native would. */
  function later<T>(run: () => Promise<T>): Promise<T> {
    return new RealmPromise<T>((resolve, reject) => { apply(promiseThen, run(), [resolve, reject]); });
  }

  /** The Response's bytes (via a clone, so the native still gets an unread original), or null. */
  async function responseBytes(response: unknown): Promise<Uint8Array | null> {
    if (!cloneResponse || !readArrayBuffer) return null;
    let clone: unknown;
    try {
      clone = apply(cloneResponse, response, []);
    } catch {
      return null; // Not a Response, or its body is used: the native call will say so.
    }
    return new NativeUint8Array(await (apply(readArrayBuffer, clone, []) as Promise<ArrayBuffer>));
  }

  function responseUrl(response: unknown): string | undefined {
    try {
      const url = readUrl ? apply(readUrl, response, []) as string : '';
      return url || undefined;
    } catch {
      return undefined;
    }
  }

  const wrappers = {
    compile(this: unknown, ...args: unknown[]): unknown {
      const api = 'WebAssembly.compile';
      const bytes = copyBufferSource(args[0]);
      if (!bytes) return apply(native.compile, WA, args);
      return later(async () => {
        await channel.whenConfigured();
        const j = vet(bytes, api);
        const module = await (apply(native.compile, WA, argsWith(args, 0, bytes)) as Promise<unknown>);
        remember(module, j, api);
        return module;
      });
    },

    instantiate(this: unknown, ...args: unknown[]): unknown {
      const api = 'WebAssembly.instantiate';
      const bytes = copyBufferSource(args[0]);
      if (!bytes) {
        // The Module overload (or a wrong argument, which the native rejects).
        const record = recordOf(args[0]);
        if (refusedByMemory(record)) return later(async () => { throw wasmRefusal(api); });
        const result = apply(native.instantiate, WA, args) as Promise<unknown>;
        if (record) apply(promiseThen, result, [(instance: unknown) => watchInstanceMemory(ctx, instance, record), () => {}]);
        return result;
      }
      return later(async () => {
        await channel.whenConfigured();
        const j = vet(bytes, api);
        const result = await (apply(native.instantiate, WA, argsWith(args, 0, bytes)) as Promise<{ module: unknown; instance: unknown }>);
        const record = remember(result.module, j, api);
        if (record) watchInstanceMemory(ctx, result.instance, record);
        return result;
      });
    },

    compileStreaming(this: unknown, ...args: unknown[]): unknown {
      const api = 'WebAssembly.compileStreaming';
      return later(async () => {
        const response = await args[0];
        const pass = argsWith(args, 0, response);
        await channel.whenConfigured();
        if (!policy.checking()) return apply(native.compileStreaming, WA, pass);
        const bytes = await responseBytes(response);
        if (!bytes) return apply(native.compileStreaming, WA, pass);
        const url = responseUrl(response);
        const j = vet(bytes, api, url);
        const module = await (apply(native.compileStreaming, WA, pass) as Promise<unknown>);
        remember(module, j, api, url);
        return module;
      });
    },

    instantiateStreaming(this: unknown, ...args: unknown[]): unknown {
      const api = 'WebAssembly.instantiateStreaming';
      return later(async () => {
        const response = await args[0];
        const pass = argsWith(args, 0, response);
        await channel.whenConfigured();
        if (!policy.checking()) return apply(native.instantiateStreaming, WA, pass);
        const bytes = await responseBytes(response);
        if (!bytes) return apply(native.instantiateStreaming, WA, pass);
        const url = responseUrl(response);
        const j = vet(bytes, api, url);
        const result = await (apply(native.instantiateStreaming, WA, pass) as Promise<{ module: unknown; instance: unknown }>);
        const record = remember(result.module, j, api, url);
        if (record) watchInstanceMemory(ctx, result.instance, record);
        return result;
      });
    },
  };

  for (const name of ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming'] as const) {
    if (typeof native[name] !== 'function') continue;
    replaceValue(WA, name, disguise(wrappers[name], native[name] as Fn));
  }

  function Module(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return apply(native.Module, this, args); // the native "requires 'new'" TypeError
    const api = 'WebAssembly.Module';
    const bytes = copyBufferSource(args[0]);
    if (!bytes) return construct(native.Module, args, new.target);
    const j = vet(bytes, api);
    const module = construct(native.Module, argsWith(args, 0, bytes), new.target);
    remember(module, j, api);
    return module;
  }

  function Instance(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return apply(native.Instance, this, args);
    const record = recordOf(args[0]);
    if (refusedByMemory(record)) throw wasmRefusal('WebAssembly.Instance');
    const instance = construct(native.Instance, args, new.target);
    if (record) watchInstanceMemory(ctx, instance, record);
    return instance;
  }

  replaceValue(WA, 'Module', disguiseConstructor(Module, native.Module as unknown as Fn));
  replaceValue(WA, 'Instance', disguiseConstructor(Instance, native.Instance as unknown as Fn));
}
