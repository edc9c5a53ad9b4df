// What every frame of every page has to parse: the built MAIN-world hook. It carries the
// hook once; workers get that same function's source (src/page/hook-main.ts), not a second
// copy of the hook embedded as a string literal, which doubled the file and put ~93 kB of
// string on the heap of every frame.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WALKER_WASM_BASE64 } from '../../src/engine/wasm/native/walker-wasm.generated';
import { BROWSER_KINDS, builtExtensionDir } from './harness/constants';

/** The old two-copy bundle was 186 kB; one copy is about 98 kB. */
const HOOK_BUDGET_BYTES = 120_000;

describe.each(BROWSER_KINDS)('page hook bundle (%s build)', (kind) => {
  const hook = readFileSync(resolve(builtExtensionDir(kind), 'src/page/hook.iife.js'), 'utf8');

  it('holds one copy of the hook, which is what workers are started with', () => {
    // The claim event name appears once per copy of the hook code.
    expect(hook.split('miner-sentry:claim').length - 1).toBe(1);
    // Workers run the hook function's own source, read through Function.prototype.toString.
    expect(hook).toMatch(/Function\.prototype\.toString/);
  });

  it('does not carry the native walker (analyze-native.ts is for the CLI; frames use the JS walker)', () => {
    expect(hook.includes(WALKER_WASM_BASE64.slice(0, 64))).toBe(false);
  });

  it(`stays within ${HOOK_BUDGET_BYTES} bytes`, () => {
    expect(hook.length).toBeLessThanOrEqual(HOOK_BUDGET_BYTES);
  });
});
