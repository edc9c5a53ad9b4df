// A fresh realm (node:vm context) with the page hook or the worker hook bundled and loaded
// into it, as the browser does: the bundle captures that realm's built-ins, the engine
// runs on them, and page code can then poison them. SRC_ROOT (default: this checkout's
// src/) lets the same test run against another tree, e.g. an older commit exported with
// `git archive`, to see it fail there.
import { resolve } from 'node:path';
import vm from 'node:vm';
import { pageHookDeclarations } from '../../../scripts/page-hook-bundle.mjs';
import { fakeChannel, type FakeChannel } from './fake-realm';

const srcRoot = resolve(process.env.SRC_ROOT ?? resolve(import.meta.dirname, '../../../src'));

/** Bundled as the shipped hook is (scripts/page-hook-bundle.mjs): the engine loads on first use. */
async function bundle(entry: string, name: string): Promise<string> {
  const declarations = await pageHookDeclarations({ srcRoot, entry, name, logLevel: 'silent' });
  // One scope, as inside the shipped function: only the entry's exports become a global.
  return `var ${name} = (() => {\n${declarations}\nreturn ${name};\n})();`;
}

let windowBundle: Promise<string> | null = null;
/** Each realm compiles its own copy, as each frame does: V8 shares compiled code between vm contexts otherwise. */
let realms = 0;
let workerBundle: Promise<string> | null = null;

export type Realm = vm.Context & Record<string, unknown>;

export interface HostileRealm {
  realm: Realm;
  channel: FakeChannel;
  /** Runs page code in the realm. */
  run(code: string): unknown;
}

/** Host objects only: the realm's own Object, Promise, WebAssembly… are the ones the bundle captures. */
function hostGlobals(timers: (() => void)[]): Record<string, unknown> {
  const href = 'https://page.example/app/index.html';
  return {
    Response, EventTarget, Event, MessageEvent, DOMException, MessagePort,
    // What the hook relays a streamed body with (response-relay.ts).
    ReadableStream, ReadableStreamDefaultReader, ReadableStreamDefaultController, Headers,
    location: { href, hostname: 'page.example', origin: 'https://page.example' },
    document: { baseURI: href },
    setTimeout: (fn: () => void) => { timers.push(fn); return timers.length; },
    close: () => undefined,
  };
}

/**
 * Built-ins the browser gives every realm its own copy of, but Node's vm does not: stand-ins
 * made in the realm, so the guard's snapshot never reaches into the test runner's realm.
 */
const REALM_LOCAL = `
globalThis.URL = class URL { constructor() { throw new TypeError('no URL in this test realm'); } };
globalThis.TextDecoder = class TextDecoder { decode() { return ''; } };
globalThis.TextEncoder = class TextEncoder { encode() { return new Uint8Array(0); } };
`;

/**
 * A window realm with the page hook's installer (src/page/install-hooks.ts) loaded and run.
 * `before` runs in the realm first, as the browser's own set-up would.
 */
export async function hookedWindowRealm(before = ''): Promise<HostileRealm> {
  windowBundle ??= bundle('page/install-hooks.ts', '__msHook');
  const code = await windowBundle;
  const channel = fakeChannel();
  const realm = vm.createContext({ ...hostGlobals([]), __channel: channel }) as Realm;
  vm.runInContext(REALM_LOCAL + before, realm);
  vm.runInContext(`${code}\n//# realm ${++realms}`, realm);
  vm.runInContext('__msHook.installHooks(globalThis, () => __channel, null); delete globalThis.__msHook;', realm);
  return { realm, channel, run: (c) => vm.runInContext(c, realm) };
}

/**
 * A dedicated-worker realm with the worker hook (src/page/worker-hook.ts) started as its
 * wrapper starts it. Findings stay queued in the worker (no starter hands it a port):
 * what is checked here is what the worker's code gets.
 */
export async function hookedWorkerRealm(before = ''): Promise<HostileRealm> {
  workerBundle ??= bundle('page/worker-hook.ts', '__msWorker');
  const code = await workerBundle;
  const realm = vm.createContext({
    ...hostGlobals([]),
    // The worker global is the realm's global object, not a host EventTarget: listening is recorded, not native.
    EventTarget: { prototype: { addEventListener() { /* the handover never comes here */ } } },
  }) as Realm;
  vm.runInContext(REALM_LOCAL + before, realm);
  vm.runInContext(code, realm);
  vm.runInContext(`__msWorker.start({ token: 't', url: 'https://page.example/w.js', context: 'worker', frameUrl: 'https://page.example/',
    host: 'page.example', origin: 'https://page.example', config: { mode: 'block', allowed: false, rules: '' } }, function hook() {}); delete globalThis.__msWorker;`, realm);
  return { realm, channel: fakeChannel(), run: (c) => vm.runInContext(c, realm) };
}
