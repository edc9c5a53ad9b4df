// Makes a copy of the extension with one protection removed, to show that the reliability
// tests notice. Builds a readable (unminified) copy of both browsers' extension into
// <outDir>, then patches the Chromium bundles by exact source text (every occurrence), and
// fails loudly when a bundle no longer contains it (the source changed: update the patch).
//
//   npx tsx test/e2e/reliability/break-protection.ts <protection> <outDir>
//   MINER_SENTRY_DIST_DIR=<outDir> npx vitest run --project e2e test/e2e/reliability/<file>
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { repoRoot } from '../harness/constants';

/** `from` as a RegExp where the bundler may rename a helper (`apply` → `apply$1`); `$1` keeps the name. */
interface Patch { file: string; from: string | RegExp; to: string }

const APPLY = String.raw`(apply(?:\$\d+)?)`;

const BRIDGE = 'src/content/bridge.iife.js';
const HOOK = 'src/page/hook.iife.js';

export const BREAKS: Record<string, { why: string; patches: Patch[] }> = {
  'rate-limit': {
    why: 'the bridge forwards every valid finding: no token bucket, no lifetime cap',
    patches: [{ file: BRIDGE, from: 'perSecond: 20,\n\t\tburst: 50,\n\t\tlifetime: 500', to: 'perSecond: 1e9,\n\t\tburst: 1e9,\n\t\tlifetime: 1e9' }],
  },
  'hello-takeover': {
    why: 'the bridge moves its channel to whatever element the latest hello names',
    patches: [
      { file: BRIDGE, from: 'if (port || !(target instanceof view.Element)) return;', to: 'if (!(target instanceof view.Element)) return;' },
      { file: BRIDGE, from: 'doc.removeEventListener(HELLO_EVENT, onHello, true);', to: '' },
    ],
  },
  'config-on-document': {
    why: 'the hook takes its PageConfig from events on document, where the page can send one',
    patches: [{ file: HOOK, from: new RegExp(String.raw`${APPLY}\(listen, port, \[CONFIG_EVENT,`, 'g'), to: '$1(listen, doc, [CONFIG_EVENT,' }],
  },
  'error-masking': {
    why: 'the hook turns every failure of an async entry point into a plain Error',
    patches: [{
      file: HOOK,
      from: 'whenSettled(run(), resolve, reject);',
      to: 'whenSettled(run(), resolve, (e) => reject(new Error(String(e))));',
    }],
  },
  'retain-bytes': {
    why: 'the hook keeps every byte copy it analyses, reachable for the life of the page',
    patches: [{ file: HOOK, from: new RegExp(String.raw`${APPLY}\(u8Set, copy, \[view\]\);`, 'g'), to: '$1(u8Set, copy, [view]); (globalThis.__kept ??= []).push(copy);' }],
  },
};

async function main() {
  const [name, out] = process.argv.slice(2);
  const broken = BREAKS[name];
  if (!broken || !out) {
    console.error(`usage: break-protection.ts <${Object.keys(BREAKS).join('|')}> <outDir>`);
    process.exit(2);
  }
  const readable = { ...process.env, MINER_SENTRY_MINIFY: '0' };
  const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv = readable) => execFileSync(cmd, args, { cwd: repoRoot, env, stdio: 'inherit' });
  try {
    run(process.execPath, ['scripts/build-page-hook.mjs']);
    for (const [mode, dir] of [['chrome', 'chrome'], ['firefox', 'firefox']]) {
      run('npx', ['vite', 'build', '--mode', mode, '--outDir', resolve(out, dir), '--logLevel', 'warn']);
    }
  } finally {
    // The checkout's own generated hook goes back to the minified form the normal build uses,
    // also when a build failed: the page-bundle size test reads it.
    run(process.execPath, ['scripts/build-page-hook.mjs'], process.env);
  }
  for (const p of broken.patches) {
    const path = resolve(out, 'chrome', p.file);
    const text = await readFile(path, 'utf8');
    const found = typeof p.from === 'string' ? text.includes(p.from) : new RegExp(p.from.source).test(text);
    if (!found) throw new Error(`${p.file} no longer contains ${String(p.from)}`);
    await writeFile(path, typeof p.from === 'string' ? text.replaceAll(p.from, p.to) : text.replace(p.from, p.to));
  }
  console.log(`${out}: ${broken.why}`);
}

await main();
