// The page hook's build of engine.ts (scripts/page-hook-bundle.mjs aliases one to the
// other). The judging engine (engine-entry.ts, most of the hook's code) is built on its
// own into an inner function of the hook, `minerSentryEngine`, that runs on the first
// call here: a frame that never judges neither compiles nor runs it.
//
// It runs inside `pristine`: the engine's modules build tables and capture functions when
// they first run, and after install that is on the page's time. With the built-ins of
// install time put back, what they capture is what they would have captured at install.
// When they cannot be put back, nothing is loaded (RealmTampered is thrown, and the next
// call tries again): an engine built on the page's versions would stay poisoned for
// every later judgement.
import type { Engine } from './engine-entry';
import { pristine } from './realm-guard';

export type { Engine };

/** Declared by the build around the hook's bundle. */
declare function minerSentryEngine(): { engine: Engine };

let loaded: Engine | null = null;

export function engine(): Engine {
  return loaded ??= pristine(() => minerSentryEngine().engine);
}
