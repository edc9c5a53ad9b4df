// Makes a copy of the built Chromium extension with one protection removed, to show that
// the reliability tests notice. Patches the built bundles by exact text (every occurrence), and fails loudly
// when a bundle no longer contains it (rebuild changed it: update the patch).
//
//   npx tsx test/e2e/reliability/break-protection.ts <protection> <outDir>
//   MINER_SENTRY_DIST_DIR=<outDir> npx vitest run --project e2e test/e2e/reliability/<file>
//
// The copy gets both `chrome` and `firefox`; only the Chromium bundles are patched.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { builtExtensionDir } from '../harness/constants';

interface Patch { file: string; from: string; to: string }

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
    patches: [{ file: HOOK, from: 'apply(listen, port, [CONFIG_EVENT,', to: 'apply(listen, doc, [CONFIG_EVENT,' }],
  },
  'error-masking': {
    why: 'the hook turns every failure of an async entry point into a plain Error',
    patches: [{
      file: HOOK,
      from: 'apply(promiseThen, run(), [resolve, reject]);',
      to: 'apply(promiseThen, run(), [resolve, (e) => reject(new Error(String(e)))]);',
    }],
  },
  'retain-bytes': {
    why: 'the hook keeps every byte copy it analyses, reachable for the life of the page',
    patches: [{ file: HOOK, from: 'apply(u8Set, copy, [view]);', to: 'apply(u8Set, copy, [view]); (globalThis.__kept ??= []).push(copy);' }],
  },
};

async function main() {
  const [name, out] = process.argv.slice(2);
  const broken = BREAKS[name];
  if (!broken || !out) {
    console.error(`usage: break-protection.ts <${Object.keys(BREAKS).join('|')}> <outDir>`);
    process.exit(2);
  }
  const src = resolve(builtExtensionDir('chromium'), '..');
  await cp(src, resolve(out), { recursive: true });
  for (const p of broken.patches) {
    const path = resolve(out, 'chrome', p.file);
    const text = await readFile(path, 'utf8');
    if (!text.includes(p.from)) throw new Error(`${p.file} no longer contains ${JSON.stringify(p.from)}`);
    // Every copy: the page hook bundle also carries the worker hook's source as a string.
    await writeFile(path, text.replaceAll(p.from, p.to));
  }
  console.log(`${out}: ${broken.why}`);
}

await main();
