// The engine's judging part (engine-entry.ts), as the sources and the tests see it: loaded
// with everything else. The page hook's build replaces this file by engine.lazy.ts
// (scripts/page-hook-bundle.mjs), which loads the same part on first use.
import { engine as loaded, type Engine } from './engine-entry';

export type { Engine };

/** The judging engine. May throw RealmTampered in the lazy build; call it where a judgement may. */
export function engine(): Engine {
  return loaded;
}
