// What every frame of every page has to parse: the built MAIN-world hook. It carries the
// hook once; workers get that same function's source (src/page/hook-main.ts), not a second
// copy of the hook embedded as a string literal, which doubled the file and put ~93 kB of
// string on the heap of every frame.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WALKER_WASM_BASE64 } from '../../src/engine/wasm/native/walker-wasm.generated';
import { BROWSER_KINDS, builtExtensionDir } from './harness/constants';

/** The old two-copy bundle was 186 kB; one copy with the Wasm-compiled walker is about 125 kB. */
const HOOK_BUDGET_BYTES = 135_000;
/** The part every frame runs at install: everything outside the engine's inner function. */
const EAGER_BUDGET_BYTES = 55_000;

describe.each(BROWSER_KINDS)('page hook bundle (%s build)', (kind) => {
  const hook = readFileSync(resolve(builtExtensionDir(kind), 'src/page/hook.iife.js'), 'utf8');

  it('holds one copy of the hook, which is what workers are started with', () => {
    // The claim event name appears once per copy of the hook code.
    expect(hook.split('miner-sentry:claim').length - 1).toBe(1);
    // Workers run the hook function's own source, read through Function.prototype.toString.
    expect(hook).toMatch(/Function\.prototype\.toString/);
    expect(hook.split(WALKER_WASM_BASE64.slice(0, 64)).length - 1).toBe(1);
  });

  it(`stays within ${HOOK_BUDGET_BYTES} bytes`, () => {
    expect(hook.length).toBeLessThanOrEqual(HOOK_BUDGET_BYTES);
  });
});

// The hook function as scripts/build-page-hook.mjs generates it, before the extension build
// minifies names: the engine (analyser, Wasm-compiled walker, hashes, rule matchers) sits in
// an inner function that runs only on a frame's first judgement (src/page/engine.lazy.ts).
describe('page hook function (src/page/generated/hook-function.js)', () => {
  const source = readFileSync(resolve(import.meta.dirname, '../../src/page/generated/hook-function.js'), 'utf8');
  const engineStart = source.indexOf('function minerSentryEngine() {');
  const hookStart = source.indexOf('var __minerSentryHook=');

  it('carries the Wasm-compiled walker only inside the engine loaded on first use', () => {
    expect(engineStart).toBeGreaterThan(0);
    expect(hookStart).toBeGreaterThan(engineStart);
    const walker = WALKER_WASM_BASE64.slice(0, 64);
    expect(source.slice(engineStart, hookStart)).toContain(walker);
    expect(source.slice(hookStart)).not.toContain(walker);
  });

  it(`runs at most ${EAGER_BUDGET_BYTES} bytes of it at install`, () => {
    expect(source.length - (hookStart - engineStart)).toBeLessThanOrEqual(EAGER_BUDGET_BYTES);
  });
});
