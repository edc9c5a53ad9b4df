// Every way a page can turn bytes into running Wasm on the main thread passes through
// here. Benign modules take the native path with the same arguments (a byte copy in
// place of the BufferSource), so results, errors and async/sync behaviour are the
// engine's own; invalid bytes are never judged by us but left to the native CompileError.
// The async APIs start the native compile at once, since compiling runs no page code, and
// judge meanwhile; the module is handed out, or instantiated, only once allowed.
import { argsWith } from './call-args';
import { emit, type HookContext } from './hook-context';
import { apply, construct, dataDescriptor, defineProperty, getPrototypeOf, getterOf, NativeUint8Array, setPrototypeOf } from './intrinsics';
import { createDigest } from './digest';
import { judgeModule, judgeModuleAsync, worthMemoryRecheck, type ModuleJudgement } from './judge-module';
import { watchInstanceMemory } from './memory-recheck';
import { clearModule, isCleared, moduleRecords, recordOf, type ModuleRecord } from './module-records';
import { installModuleReceipts } from './module-receipts';
import { bare, seal, sealed, whenSettled } from './sealed-promise';
import { disguise, disguiseConstructor, replaceValue } from './native-disguise';
import { copyBufferSource } from './buffer-source';
import { wasmRefuser } from './refusals';
import { pristine, RealmTampered } from './realm-guard';
import { responseRelayer, type Relay } from './response-relay';

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
  const objectProto = getPrototypeOf(WA);
  const responseProto = win.Response?.prototype;
  const cloneResponse = responseProto?.clone;
  const readArrayBuffer = responseProto?.arrayBuffer;
  const readUrl = getterOf(responseProto, 'url');
  const readBody = getterOf(responseProto, 'body');
  const cancelStream = win.ReadableStream?.prototype.cancel;
  const wasmRefusal = wasmRefuser(win, native.Module);
  const digest = createDigest(win);
  const relayOf = responseRelayer(win);
  const moduleExports = (native.Module as unknown as { exports?: Fn }).exports;
  // Resolving the native compile's promise reads the module's `then`: a getter the page put
  // on Object.prototype would receive the module before our verdict. A non-configurable
  // `then` on Module.prototype ends that lookup. Where it cannot be placed, the native
  // compile waits for the verdict instead of running alongside it.
  const shielded = defineProperty(native.Module.prototype, 'then', dataDescriptor(undefined, false));
  installModuleReceipts(ctx, native.Module);

  /** Reports what the judgement says; throws the refusal when the module must not run. */
  function enforce(j: ModuleJudgement, api: string, url?: string): ModuleJudgement {
    const refuse = j.level === 'miner' && policy.blocking();
    try {
      pristine(() => report(j, refuse, api, url));
    } catch (e) {
      // Reporting never decides: the refusal below stands either way.
      if (e instanceof RealmTampered) tryReport(j, refuse, api, url);
    }
    if (refuse) throw wasmRefusal(api);
    return j;
  }

  function tryReport(j: ModuleJudgement, refuse: boolean, api: string, url?: string): void {
    try {
      report(j, refuse, api, url);
    } catch {
      // As above.
    }
  }

  function report(j: ModuleJudgement, refuse: boolean, api: string, url?: string): void {
    ctx.behaviour.wasmCompiled?.();
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
  }

  function vet(bytes: Uint8Array, api: string): ModuleJudgement | null {
    return policy.checking() ? enforce(judgeModule(bytes, policy, digest), api) : null;
  }

  async function vetAsync(bytes: Uint8Array, api: string, url?: string): Promise<ModuleJudgement | null> {
    return policy.checking() ? enforce(await seal(judgeModuleAsync(bytes, policy, digest)), api, url) : null;
  }

  function remember(module: unknown, j: ModuleJudgement | null, api: string, url?: string): ModuleRecord | undefined {
    clearModule(module);
    if (!j || !worthMemoryRecheck(j.report) || typeof module !== 'object' || module === null) return undefined;
    const record: ModuleRecord = { judgement: j, api, minerByMemory: false, ...(url !== undefined ? { url } : {}) };
    moduleRecords.set(module, record);
    return record;
  }

  /** A module that showed a miner in memory is not instantiated again in block mode. */
  function refusedByMemory(record: ModuleRecord | undefined): boolean {
    return !!record?.minerByMemory && policy.checking() && policy.blocking();
  }

  /** A real WebAssembly.Module of any realm (the static is the brand check). */
  function isModule(value: unknown): boolean {
    if (typeof value !== 'object' || value === null || !moduleExports) return false;
    try {
      apply(moduleExports, undefined, [value]);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * A module this realm's hooks never cleared (not compiled through them, not received
   * from a hooked realm): refused in block mode, reported otherwise. Null when it may run.
   */
  function unclearedRefusal(module: unknown, api: string): Error | null {
    if (isCleared(module) || !isModule(module) || !policy.checking()) return null;
    const refuse = policy.blocking();
    emit(ctx, {
      kind: 'wasm', verdict: 'suspicious', action: refuse ? 'blocked' : 'reported', api,
      reason: 'instantiation of a module the hook never judged (compiled outside its watch)',
    });
    return refuse ? wasmRefusal(api) : null;
  }

  /** Runs our async steps but hands the page a promise of its own realm, like the native would. */
  function later<T>(run: () => Promise<T>): Promise<T> {
    return new RealmPromise<T>((resolve, reject) => { whenSettled(run(), resolve, reject); });
  }

  /**
   * A native compile started ahead of the verdict (compiling runs no page code), or once
   * the verdict is in where Module.prototype could not be shielded. Marked handled at once:
   * a refused or failed compile must not surface as an unhandled rejection.
   */
  function early<T>(start: () => Promise<T>): () => Promise<T> {
    let compiling: Promise<T> | null = null;
    const begin = (): Promise<T> => {
      if (!compiling) {
        compiling = seal(start());
        whenSettled(compiling);
      }
      return compiling;
    };
    if (shielded) begin();
    return begin;
  }

  /**
   * Our verdict first (a refusal throws, and the native result is dropped), then the
   * native compile's outcome. A failed compile is returned, not thrown: the APIs that
   * compiled on the page's behalf redo the page's own call to give the error its wording.
   */
  async function allowed<T>(
    compiling: () => Promise<T>,
    judge: () => Promise<ModuleJudgement | null>,
  ): Promise<{ ok: true; module: T; j: ModuleJudgement | null } | { ok: false; error: unknown }> {
    const j = await sealed(judge);
    try {
      return bare({ ok: true as const, module: await compiling(), j });
    } catch (error) {
      return bare({ ok: false as const, error });
    }
  }

  /** `{module, instance}` as the native instantiate resolves it, with this realm's prototype. */
  function instantiated(module: unknown, instance: unknown): unknown {
    const out = {};
    setPrototypeOf(out, objectProto);
    defineProperty(out, 'module', dataDescriptor(module));
    defineProperty(out, 'instance', dataDescriptor(instance));
    return out;
  }

  /** Without an import object of the right type the native rejects before compiling anything. */
  function importsUsable(imports: unknown): boolean {
    return imports === undefined || (typeof imports === 'object' && imports !== null) || typeof imports === 'function';
  }

  /** A clone of the Response, taken before the native call uses the body; null when it cannot be cloned. */
  function cloneOf(response: unknown): unknown {
    if (!cloneResponse || !readArrayBuffer) return null;
    try {
      return apply(cloneResponse, response, []);
    } catch {
      return null; // Not a Response, or its body is used: the native call will say so.
    }
  }

  /** Frees a clone's half of the body when it will not be read. */
  function discard(clone: unknown): void {
    try {
      const body = readBody ? apply(readBody, clone, []) : null;
      if (body && cancelStream) whenSettled(seal(apply(cancelStream, body, []) as Promise<unknown>));
    } catch {
      // Nothing to free.
    }
  }

  /** The clone's bytes; when they cannot be read, the native outcome's error is the one the page sees. */
  /** Boxed: a bare Uint8Array passed between async steps would go by Object.prototype.then. */
  async function cloneBytes(clone: unknown, compiling: () => Promise<unknown>): Promise<{ bytes: Uint8Array }> {
    try {
      return bare({ bytes: new NativeUint8Array(await seal(apply(readArrayBuffer!, clone, []) as Promise<ArrayBuffer>)) });
    } catch (readError) {
      await compiling();
      throw readError; // never hand out a module we could not check
    }
  }

  function responseUrl(response: unknown): string | undefined {
    try {
      const url = readUrl ? apply(readUrl, response, []) as string : '';
      return url || undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * A streamed module, checked: the native compile reads the relayed body (response-relay.ts)
   * while we keep the same bytes to judge. Where the Response cannot be relayed, a clone is
   * read instead while the native compile takes the original. `redo` (when `redoable`) gives
   * a Response that repeats the page's call for its error's wording. Null when there is
   * nothing to check (the native call then decides).
   */
  async function streamed(api: string, response: unknown, redoable: boolean) {
    if (!policy.checking()) return null;
    const relay = relayOf ? relayOf(response) : null;
    if (relay) {
      const url = responseUrl(response);
      const compiling = early(() => apply(native.compileStreaming, WA, [relay.response]) as Promise<unknown>);
      const checked = await seal(allowed(compiling, async () => {
        const bytes = await seal(relayedBytes(relay, compiling));
        await seal(channel.whenConfigured());
        return await seal(vetAsync(bytes.bytes, api, url));
      }));
      return outcome(checked, api, url, () => relay.again());
    }
    // Held back untouched so a failed compile can be redone as the page's own call.
    const spare = redoable ? cloneOf(response) : null;
    const clone = cloneOf(response);
    if (!clone) {
      if (spare) discard(spare);
      return null;
    }
    const url = responseUrl(response);
    const compiling = early(() => apply(native.compileStreaming, WA, [response]) as Promise<unknown>);
    let checked;
    try {
      checked = await seal(allowed(compiling, async () => {
        await seal(channel.whenConfigured());
        if (!policy.checking()) {
          discard(clone);
          return null;
        }
        return await seal(vetAsync((await seal(cloneBytes(clone, compiling))).bytes, api, url));
      }));
    } catch (refusal) {
      if (spare) discard(spare);
      throw refusal;
    }
    if (checked.ok && spare) discard(spare);
    return outcome(checked, api, url, () => seal(new RealmPromise<unknown>((resolve) => { resolve(spare ?? response); })));
  }

  /** A streamed module's outcome: remembered when allowed, with the way to redo the page's call. */
  function outcome(checked: Awaited<ReturnType<typeof allowed<unknown>>>, api: string, url: string | undefined, redo: () => Promise<unknown>) {
    return checked.ok ? bare({ ...checked, record: remember(checked.module, checked.j, api, url), redo }) : bare({ ...checked, redo });
  }

  /** The relayed bytes; when the body fails, the native outcome's error is the one the page sees. */
  async function relayedBytes(relay: Relay, compiling: () => Promise<unknown>): Promise<{ bytes: Uint8Array }> {
    try {
      return await seal(relay.bytes);
    } catch (readError) {
      await compiling();
      throw readError; // never hand out a module we could not check
    }
  }

  const wrappers = {
    compile(this: unknown, ...args: unknown[]): unknown {
      const api = 'WebAssembly.compile';
      const bytes = copyBufferSource(args[0]);
      if (!bytes) return apply(native.compile, WA, args);
      const compiling = early(() => apply(native.compile, WA, argsWith(args, 0, bytes)) as Promise<unknown>);
      return later(async () => {
        const checked = await seal(allowed(compiling, async () => {
          await seal(channel.whenConfigured());
          return await seal(vetAsync(bytes, api));
        }));
        if (!checked.ok) throw checked.error;
        remember(checked.module, checked.j, api);
        return checked.module;
      });
    },

    instantiate(this: unknown, ...args: unknown[]): unknown {
      const api = 'WebAssembly.instantiate';
      const bytes = copyBufferSource(args[0]);
      if (!bytes) {
        // The Module overload (or a wrong argument, which the native rejects).
        const record = recordOf(args[0]);
        const refusal = refusedByMemory(record) ? wasmRefusal(api) : unclearedRefusal(args[0], api);
        if (refusal) return later(async () => { throw refusal; });
        const result = apply(native.instantiate, WA, args) as Promise<unknown>;
        if (record) whenSettled(result, (instance: unknown) => watchInstanceMemory(ctx, instance, record));
        return result;
      }
      if (!importsUsable(args[1])) return apply(native.instantiate, WA, argsWith(args, 0, bytes));
      // Compile now; instantiate, which runs the module's start function, only once allowed.
      const compiling = early(() => apply(native.compile, WA, [bytes]) as Promise<unknown>);
      return later(async () => {
        const checked = await seal(allowed(compiling, async () => {
          await seal(channel.whenConfigured());
          return await seal(vetAsync(bytes, api));
        }));
        // Already judged: the native call fails the same way, worded as the page's call.
        if (!checked.ok) return apply(native.instantiate, WA, argsWith(args, 0, bytes));
        const instance = await seal(apply(native.instantiate, WA, argsWith(args, 0, checked.module)) as Promise<unknown>);
        const record = remember(checked.module, checked.j, api);
        if (record) watchInstanceMemory(ctx, instance, record);
        return instantiated(checked.module, instance);
      });
    },

    compileStreaming(this: unknown, ...args: unknown[]): unknown {
      const api = 'WebAssembly.compileStreaming';
      return later(async () => {
        const response = await args[0];
        const checked = await seal(streamed(api, response, false));
        if (!checked) return apply(native.compileStreaming, WA, argsWith(args, 0, response));
        if (!checked.ok) throw checked.error;
        return checked.module;
      });
    },

    instantiateStreaming(this: unknown, ...args: unknown[]): unknown {
      const api = 'WebAssembly.instantiateStreaming';
      if (!importsUsable(args[1])) return apply(native.instantiateStreaming, WA, args);
      return later(async () => {
        const response = await args[0];
        const checked = await seal(streamed(api, response, true));
        if (!checked) return apply(native.instantiateStreaming, WA, argsWith(args, 0, response));
        if (!checked.ok) return apply(native.instantiateStreaming, WA, argsWith(args, 0, await seal(checked.redo())));
        const instance = await seal(apply(native.instantiate, WA, argsWith(args, 0, checked.module)) as Promise<unknown>);
        if (checked.record) watchInstanceMemory(ctx, instance, checked.record);
        return instantiated(checked.module, instance);
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
    const refusal = unclearedRefusal(args[0], 'WebAssembly.Instance');
    if (refusal) throw refusal;
    const instance = construct(native.Instance, args, new.target);
    if (record) watchInstanceMemory(ctx, instance, record);
    return instance;
  }

  replaceValue(WA, 'Module', disguiseConstructor(Module, native.Module as unknown as Fn));
  replaceValue(WA, 'Instance', disguiseConstructor(Instance, native.Instance as unknown as Fn));
}
