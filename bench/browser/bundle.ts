import { resolve } from 'node:path';
import { build } from 'vite';
import type { BenchPage } from './launch';

// Engine code for bench pages: an entry file bundled into one script, evaluated in a
// page so the code runs under that browser's JIT, as the hook's copy does.

export interface PageBundle { code: string; global: string }

export async function bundleForPage(entry: string, global: string): Promise<PageBundle> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    root: resolve(import.meta.dirname, '../..'),
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      lib: { entry: resolve(import.meta.dirname, entry), formats: ['iife'], name: global, fileName: () => 'bundle.js' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
  const chunk = outputs.find((o) => o.type === 'chunk' && o.isEntry);
  if (!chunk || chunk.type !== 'chunk') throw new Error(`${entry}: no entry chunk in the bundle`);
  return { code: chunk.code, global };
}

export async function loadBundle(page: BenchPage, bundle: PageBundle): Promise<void> {
  await page.evaluate((src) => { (0, eval)(src); }, bundle.code);
}
