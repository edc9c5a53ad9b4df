// A stand-in window for installing the hook in Node: real WebAssembly, Promise and
// Response from Node, a page location, a channel that records findings, and timers
// the test fires by hand (nothing here waits on the clock).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PageConfig } from '../../../src/engine/protocol';
import type { Finding, RuleList } from '../../../src/engine/types';
import { compilePageRules } from '../../../src/engine/rules/page-rules';
import type { HookChannel } from '../../../src/page/hook-channel';
import type { HookedWindow } from '../../../src/page/hook-context';

export function fixture(name: string): Uint8Array<ArrayBuffer> {
  const file = readFileSync(resolve(import.meta.dirname, '../../fixtures/wasm/build', name));
  const bytes = new Uint8Array(file.length);
  bytes.set(file);
  return bytes;
}

export function rulesJson(rules: RuleList['rules']): string {
  return JSON.stringify(compilePageRules({ format: 'miner-sentry-rules', version: 1, name: 'test', rules }));
}

export interface FakeChannel extends HookChannel {
  findings: Finding[];
  set(config: PageConfig | null): void;
}

export function fakeChannel(config: PageConfig | null = null): FakeChannel {
  let current = config;
  const findings: Finding[] = [];
  return {
    findings,
    set(c) { current = c; },
    report(f) { findings.push(JSON.parse(JSON.stringify(f)) as Finding); },
    config: () => current,
    whenConfigured: () => Promise.resolve(),
    afterConfig: () => Promise.resolve(),
  };
}

export interface FakeRealm {
  win: HookedWindow;
  /** Runs every timer scheduled so far, in delay order. */
  runTimers(): void;
  timerDelays(): number[];
}

export function fakeRealm(extra: Record<string, unknown> = {}): FakeRealm {
  // A namespace of our own so the wrappers land on it, not on Node's global WebAssembly.
  const WA = Object.create(Object.getPrototypeOf(WebAssembly) as object, Object.getOwnPropertyDescriptors(WebAssembly));
  let timers: { fn: () => void; delay: number }[] = [];
  const href = 'https://page.example/app/index.html';
  const win = {
    WebAssembly: WA,
    Function,
    Promise,
    Response,
    EventTarget,
    Event,
    MessageEvent,
    DOMException,
    location: { href, hostname: 'page.example', origin: 'https://page.example' },
    document: { baseURI: href },
    setTimeout: (fn: () => void, delay: number) => { timers.push({ fn, delay }); return timers.length; },
    ...extra,
  } as unknown as HookedWindow;
  return {
    win,
    runTimers() {
      const due = timers.sort((a, b) => a.delay - b.delay);
      timers = [];
      for (const t of due) t.fn();
    },
    timerDelays: () => timers.map((t) => t.delay),
  };
}

/** `bytes` with a custom section appended that brings it to at least `size` bytes. */
export function padded(bytes: Uint8Array<ArrayBuffer>, size: number): Uint8Array<ArrayBuffer> {
  const name = [0x03, 0x70, 0x61, 0x64]; // "pad"
  const payload = size - bytes.length;
  const body = name.length + payload;
  const leb: number[] = [];
  for (let v = body; ; v >>>= 7) {
    if (v < 0x80) { leb.push(v); break; }
    leb.push((v & 0x7f) | 0x80);
  }
  const out = new Uint8Array(bytes.length + 1 + leb.length + body);
  out.set(bytes);
  out.set([0x00, ...leb, ...name], bytes.length);
  return out;
}
