// The one hook bundle, for window realms and worker realms alike. scripts/build-page-hook.mjs
// builds it into a single self-contained function, minerSentryHook(boot); the window's
// content script calls it with no boot, and every worker the page starts runs the same
// function's own source (Function.prototype.toString) with its boot record ahead of its
// code (worker-boot.ts). One copy, not two: the frame no longer parses the worker hook a
// second time as a string literal and keeps it on its heap.
import { openHookChannel } from './hook-channel';
import { installHooks } from './install-hooks';
import { apply } from './intrinsics';
import type { BootHandles, WorkerBoot } from './worker-boot';
import { start as startWorker } from './worker-hook';

// Taken when the bundle runs, before any page or worker code could replace it.
const functionToString = Function.prototype.toString;

export function run(boot: (WorkerBoot & BootHandles) | undefined, hookFunction: unknown): void {
  if (boot) {
    startWorker(boot, hookFunction);
    return;
  }
  const win = window as Window & typeof globalThis;
  // Does nothing where the parent frame reached this realm first: its channel serves it.
  installHooks(win, () => openHookChannel(win), () => apply(functionToString, hookFunction, []) as string);
}
