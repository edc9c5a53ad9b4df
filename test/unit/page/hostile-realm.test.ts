// Issue 9, attacks 1 and 2, against the bundled hooks in a realm of their own. The page
// poisons its built-ins after the hook is installed (as page scripts run after our
// document_start content script) and then compiles a miner on every path: the verdict
// must not move, the benign module must still work, and no miner module may reach page
// code through a promise getter before (or instead of) the verdict.
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { fixture, padded } from './fake-realm';
import { hookedWindowRealm, hookedWorkerRealm, type HostileRealm } from './hostile-realm';
import { COLLECTIONS, FROZEN, KEEP, LYING, REPLACED, SHADOWED, THROWING } from './realm-poison';

const miner = fixture('demo-miner.wasm');
const cnLike = fixture('cn-like.wasm');
const benign = fixture('benign-add.wasm');
const wasmResponse = (bytes: Uint8Array<ArrayBuffer>) => new Response(bytes.slice(), { headers: { 'content-type': 'application/wasm' } });

type Outcome = { value: unknown } | { error: unknown };

interface Probe {
  WA: typeof WebAssembly;
  /** Settles a realm promise through the `then` kept before the poison. */
  settle(p: unknown): Promise<Outcome>;
  refused(o: Outcome): boolean;
  sum(instance: unknown): unknown;
}

function probe(r: HostileRealm): Probe {
  const WA = r.run('WebAssembly') as typeof WebAssembly;
  const kept = r.run('__kept') as { then: (...a: unknown[]) => unknown; apply: typeof Reflect.apply };
  return {
    WA,
    settle: (p) => new Promise<Outcome>((resolve) => {
      Reflect.apply(kept.then, p, [(value: unknown) => resolve({ value }), (error: unknown) => resolve({ error })]);
    }),
    refused: (o) => 'error' in o && o.error instanceof WA.CompileError,
    sum: (instance) => ((instance as WebAssembly.Instance).exports.add as (a: number, b: number) => number)(19, 23),
  };
}

/** An error's message read as own data: the realm's Error.prototype.toString may be poisoned. */
const message = (e: unknown) => String(Reflect.getOwnPropertyDescriptor(e as object, 'message')?.value);

function syncOutcome(f: () => unknown): Outcome {
  try {
    return { value: f() };
  } catch (error) {
    return { error };
  }
}

/** Every path with `bytes`; for each, the instance it produced or the error. */
async function everyPath(p: Probe, bytes: Uint8Array<ArrayBuffer>): Promise<Record<string, Outcome>> {
  const { WA } = p;
  const out: Record<string, Outcome> = {};
  out.module = syncOutcome(() => new WA.Instance(new WA.Module(bytes), {}));
  const compiled = await p.settle(WA.compile(bytes));
  out.compile = 'value' in compiled ? syncOutcome(() => new WA.Instance(compiled.value as WebAssembly.Module, {})) : compiled;
  const inst = await p.settle(WA.instantiate(bytes, {}));
  out.instantiate = 'value' in inst ? { value: (inst.value as WebAssembly.WebAssemblyInstantiatedSource).instance } : inst;
  const streamed = await p.settle(WA.compileStreaming(wasmResponse(bytes)));
  out.compileStreaming = 'value' in streamed ? syncOutcome(() => new WA.Instance(streamed.value as WebAssembly.Module, {})) : streamed;
  const both = await p.settle(WA.instantiateStreaming(wasmResponse(bytes), {}));
  out.instantiateStreaming = 'value' in both ? { value: (both.value as WebAssembly.WebAssemblyInstantiatedSource).instance } : both;
  return out;
}

const POISONS = { collections: COLLECTIONS, lying: LYING, throwing: THROWING, replaced: REPLACED } as const;
const REALMS = { window: hookedWindowRealm, worker: hookedWorkerRealm } as const;

describe.each(Object.keys(REALMS) as (keyof typeof REALMS)[])('a %s realm whose page poisons its built-ins', (kind) => {
  it.each(Object.keys(POISONS) as (keyof typeof POISONS)[])('%s: miners are still refused on every path, benign modules still run', async (poison) => {
    const r = await REALMS[kind]();
    r.run(KEEP);
    r.run(POISONS[poison]);
    const p = probe(r);
    for (const bytes of [miner, cnLike]) {
      const outcomes = await everyPath(p, bytes);
      for (const [path, o] of Object.entries(outcomes)) expect(p.refused(o), `${path}: ${'error' in o ? message(o.error) : 'ran'}`).toBe(true);
    }
    const outcomes = await everyPath(p, benign);
    for (const [path, o] of Object.entries(outcomes)) {
      expect("value" in o, `${path}: ${"error" in o ? message(o.error) : ""}`).toBe(true);
      expect(p.sum((o as { value: unknown }).value), path).toBe(42);
    }
  }, 60_000);
});

describe('a page that freezes its original built-ins (SES, LavaMoat)', () => {
  it.each(Object.keys(REALMS) as (keyof typeof REALMS)[])('%s: verdicts as usual, nothing reported as tampering', async (kind) => {
    const r = await REALMS[kind]();
    r.run(KEEP);
    r.run(FROZEN);
    const p = probe(r);
    for (const o of Object.values(await everyPath(p, miner))) expect(p.refused(o)).toBe(true);
    for (const o of Object.values(await everyPath(p, benign))) expect(p.sum((o as { value: unknown }).value)).toBe(42);
    expect(r.channel.findings.filter((f) => /tampered/.test(f.reason))).toEqual([]);
  });
});

describe('the page hides the built-ins behind a global lexical binding', () => {
  it('the judgement refuses rather than runs on the shadowed ones', async () => {
    const r = await hookedWindowRealm();
    r.run(KEEP);
    r.run(SHADOWED);
    const p = probe(r);
    const o = syncOutcome(() => new p.WA.Module(miner));
    expect(p.refused(o), 'error' in o ? message(o.error) : 'compiled').toBe(true);
    expect(r.channel.findings.at(-1)).toMatchObject({ action: 'blocked', verdict: 'miner' });
  });
});

// The misfire that once took the refusal out: the guard walked the global object itself,
// so every top-level `var` or function of an ordinary page (non-configurable properties of
// the global) counted as tampering that could not be put back, and every module was refused.
describe('an ordinary page with top-level var and function declarations', () => {
  it.each(Object.keys(REALMS) as (keyof typeof REALMS)[])('%s: benign modules run on every path, miners are refused, nothing reads as tampering', async (kind) => {
    const r = await REALMS[kind]();
    r.run(KEEP);
    r.run('var appState = { ready: true }; function appMain() { return 1; } var Module = { locateFile: function (p) { return p; } };');
    const p = probe(r);
    for (const [path, o] of Object.entries(await everyPath(p, benign))) {
      expect('value' in o, `${path}: ${'error' in o ? message(o.error) : ''}`).toBe(true);
      expect(p.sum((o as { value: unknown }).value), path).toBe(42);
    }
    for (const o of Object.values(await everyPath(p, miner))) expect(p.refused(o)).toBe(true);
    expect(r.channel.findings.filter((f) => /tampered/.test(f.reason))).toEqual([]);
  }, 60_000);
});

describe('attack 2: reading the module before the verdict', () => {
  /** Getters that hand the page every promise we chain on and every object a promise resolves with. */
  const GRAB = `(() => {
    const kept = globalThis.__kept;
    const grabbed = globalThis.__grabbed = [];
    const isModule = (m) => { try { kept.exports(m); return true; } catch { return false; } };
    const take = (v) => { if (isModule(v) && !grabbed.includes(v)) grabbed.push(v); };
    let inside = false;
    Object.defineProperty(Promise.prototype, 'constructor', {
      configurable: true,
      get() {
        if (!inside) {
          inside = true;
          try { kept.apply(kept.then, this, [take, () => {}]); } finally { inside = false; }
        }
        return Promise;
      },
    });
    Object.defineProperty(Object.prototype, 'then', {
      configurable: true,
      get() { take(this); if (this && typeof this === 'object' && 'module' in this) take(this.module); return undefined; },
    });
    Object.defineProperty(Promise, Symbol.species, { configurable: true, get() { return Promise; } });
  })();`;

  it.each(Object.keys(REALMS) as (keyof typeof REALMS)[])('%s: no miner module reaches the page, and a grabbed module would not instantiate', async (kind) => {
    const r = await REALMS[kind]();
    r.run(KEEP);
    r.run(GRAB);
    const p = probe(r);
    const outcomes = await everyPath(p, miner);
    for (const [path, o] of Object.entries(outcomes)) expect(p.refused(o), path).toBe(true);
    // Let every getter-started chain run out.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    const grabbed = r.run('__grabbed') as WebAssembly.Module[];
    const instances = grabbed.map((m) => syncOutcome(() => new p.WA.Instance(m, {})));
    expect(instances.filter((o) => 'value' in o)).toEqual([]);
    expect(grabbed).toEqual([]);
  });
});

describe('new Instance / instantiate(module) accept only modules this realm cleared', () => {
  it('refuse a module compiled where no hook watched (another realm), in block mode', async () => {
    const r = await hookedWindowRealm();
    r.run(KEEP);
    const p = probe(r);
    const outside = new (vm.runInNewContext('WebAssembly') as typeof WebAssembly).Module(miner);
    expect(p.refused(syncOutcome(() => new p.WA.Instance(outside, {})))).toBe(true);
    expect(p.refused(await p.settle(p.WA.instantiate(outside, {})))).toBe(true);
    expect(r.channel.findings.at(-1)).toMatchObject({ api: 'WebAssembly.instantiate', action: 'blocked' });
  });

  it('trust a module read from a message (a hooked realm posted it), as emscripten pthreads do', async () => {
    const r = await hookedWindowRealm();
    r.run(KEEP);
    const p = probe(r);
    const posted = new WebAssembly.Module(benign);
    const ghost = new WebAssembly.Module(benign);
    // What deserialising gives the receiving realm: a module with that realm's prototype.
    Object.setPrototypeOf(posted, p.WA.Module.prototype);
    r.realm.__posted = posted;
    const data = r.run('({ cmd: "load", wasmModule: __posted })');
    const event = new MessageEvent('message', { data });
    expect(p.refused(syncOutcome(() => new p.WA.Instance(posted, {})))).toBe(true);
    expect((event.data as { wasmModule: unknown }).wasmModule).toBe(posted);
    expect(p.sum(new p.WA.Instance(posted, {}))).toBe(42);
    expect(p.refused(syncOutcome(() => new p.WA.Instance(ghost, {})))).toBe(true);
  });

  it('a module compiled through the hook instantiates; checks off (allowlisted) lets any module run', async () => {
    const r = await hookedWindowRealm();
    r.run(KEEP);
    const p = probe(r);
    expect(p.sum(new p.WA.Instance(new p.WA.Module(benign), {}))).toBe(42);
    r.channel.set({ mode: 'block', allowed: true, rules: '' });
    expect(p.sum(new p.WA.Instance(new WebAssembly.Module(benign), {}))).toBe(42);
  });
});

describe('the judging engine is loaded on first use (src/page/engine.lazy.ts)', () => {
  // Math.sin is called by the engine's own start-up (the MD5 table of the hash rules) and by
  // nothing of the hooks: counting its calls shows whether the engine has run.
  const COUNT_SIN = `{ const sin = Math.sin; let n = 0; Math.sin = function (x) { n++; return sin(x); }; globalThis.__sinCalls = () => n; }`;

  it.each(Object.keys(REALMS) as (keyof typeof REALMS)[])('%s: installing runs none of it; the first judgement runs it on the built-ins of install time', async (kind) => {
    const r = await REALMS[kind](COUNT_SIN);
    const calls = r.run('__sinCalls') as () => number;
    expect(calls()).toBe(0);
    // The page replaces the built-in before anything was judged: the engine's start-up must
    // still see the one of install time.
    r.run('Math.sin = () => 0;');
    r.run(KEEP);
    const p = probe(r);
    expect(p.refused(syncOutcome(() => new p.WA.Module(miner)))).toBe(true);
    expect(calls()).toBeGreaterThan(0);
    const afterFirst = calls();
    expect(p.sum(new p.WA.Instance(new p.WA.Module(benign), {}))).toBe(42);
    expect(calls(), 'loaded once').toBe(afterFirst);
  });
});

// From 64 KB the hook analyses with a walker compiled to Wasm (src/page/wasm-platform.ts).
// The page wraps every WebAssembly entry point that walker needs with a version that counts
// its calls and then does the real thing: a judgement must call none of them (a page's
// `buffer` getter could hand the walker other bytes, or hand us other results).
describe('large modules: the Wasm-compiled walker runs on the WebAssembly of install time', () => {
  const POISON = `(() => {
    let n = 0;
    globalThis.__pageWasmCalls = () => n;
    const WA = WebAssembly;
    const wrapGetter = (proto, key) => {
      const get = Object.getOwnPropertyDescriptor(proto, key).get;
      Object.defineProperty(proto, key, { get() { n++; return Reflect.apply(get, this, []); }, configurable: true });
    };
    wrapGetter(WA.Memory.prototype, 'buffer');
    wrapGetter(WA.Instance.prototype, 'exports');
    const grow = WA.Memory.prototype.grow;
    WA.Memory.prototype.grow = function (...a) { n++; return Reflect.apply(grow, this, a); };
    for (const name of ['Module', 'Instance']) {
      WA[name] = new Proxy(WA[name], { construct(t, a, nt) { n++; return Reflect.construct(t, a, nt); } });
    }
    const atob = globalThis.atob;
    if (atob) globalThis.atob = (s) => { n++; return atob(s); };
  })();`;
  const bigMiner = padded(miner, 80 * 1024);
  const bigBenign = padded(benign, 80 * 1024);

  it.each(Object.keys(REALMS) as (keyof typeof REALMS)[])('%s: none of the page\'s versions is called, and the verdicts hold', async (kind) => {
    const r = await REALMS[kind]();
    r.run(KEEP);
    // Our wrappers and the real exports getter, kept before the page replaces them.
    const kept = r.run(`({ Module: WebAssembly.Module, Instance: WebAssembly.Instance, compile: WebAssembly.compile,
      instantiate: WebAssembly.instantiate, exports: Object.getOwnPropertyDescriptor(WebAssembly.Instance.prototype, 'exports').get })`) as {
      Module: typeof WebAssembly.Module; Instance: typeof WebAssembly.Instance; compile: typeof WebAssembly.compile;
      instantiate: typeof WebAssembly.instantiate; exports: () => unknown;
    };
    r.run(POISON);
    const calls = r.run('__pageWasmCalls') as () => number;
    const p = probe(r);
    const sum = (instance: unknown) => (Reflect.apply(kept.exports, instance, []) as { add: (a: number, b: number) => number }).add(19, 23);

    expect(p.refused(syncOutcome(() => new kept.Module(bigMiner)))).toBe(true);
    expect(sum(new kept.Instance(new kept.Module(bigBenign), {}))).toBe(42);
    expect(p.refused(await p.settle(kept.compile(bigMiner)))).toBe(true);
    const inst = await p.settle(kept.instantiate(bigBenign, {}));
    expect('value' in inst && sum((inst.value as WebAssembly.WebAssemblyInstantiatedSource).instance)).toBe(42);
    expect(calls()).toBe(0);
  }, 60_000);
});
