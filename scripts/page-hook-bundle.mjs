// How the page hook is bundled, shared by scripts/build-page-hook.mjs (the shipped hook)
// and the unit tests that load the hook into a realm of their own
// (test/unit/page/hostile-realm.ts), so both run the same lazy engine.
//
// The judging engine (src/page/engine-entry.ts: the Wasm analyser, hashes, rule matchers)
// is most of the code, and most frames never judge anything. It is built on its own and
// placed in one function, minerSentryEngine, that the hook calls on first use
// (src/page/engine.lazy.ts, which these builds take for src/page/engine.ts). A function
// is compiled only when first called: a frame that never judges pays for its text being
// skipped, not for compiling and running it. The two builds share no state: the engine is
// pure, and what both include (a few constant tables) is only duplicated.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'vite';

const ENGINE_GLOBAL = '__minerSentryEngine';

async function iife(srcRoot, entryFile, name, { minify, alias = [], logLevel }) {
  const result = await build({
    configFile: false,
    logLevel,
    root: srcRoot,
    resolve: { alias },
    build: {
      write: false,
      target: 'es2022',
      minify,
      sourcemap: false,
      lib: { entry: resolve(srcRoot, entryFile), formats: ['iife'], name, fileName: () => 'out.js' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  const chunk = outputs.find((o) => o.type === 'chunk' && o.isEntry);
  if (!chunk) throw new Error(`page-hook-bundle: no entry chunk for ${entryFile}`);
  return chunk.code;
}

/**
 * Declarations for one scope: `function minerSentryEngine()` and the hook's IIFE, which
 * declares `var <name>` holding `entry`'s exports. `srcRoot` is a tree's src/ folder; an
 * older tree without the lazy engine is bundled in one piece, as it was then.
 */
export async function pageHookDeclarations({ srcRoot, entry, name, minify = true, logLevel = 'warn' }) {
  const lazy = resolve(srcRoot, 'page/engine.lazy.ts');
  if (!existsSync(lazy)) return iife(srcRoot, entry, name, { minify, logLevel });
  const engine = await iife(srcRoot, 'page/engine-entry.ts', ENGINE_GLOBAL, { minify, logLevel });
  const hook = await iife(srcRoot, entry, name, { minify, logLevel, alias: [{ find: /^\.\/engine$/, replacement: lazy }] });
  return `function minerSentryEngine() {\n${engine}\nreturn ${ENGINE_GLOBAL};\n}\n${hook}`;
}
