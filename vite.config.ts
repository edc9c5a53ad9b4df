import { defineConfig, type Plugin } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import baseManifest from './manifest.json' with { type: 'json' };
import { bundledRulesets } from './scripts/bundled-rulesets.ts';

type Browser = 'chrome' | 'firefox';

// Gecko needs its own id and a floor version. `world: "MAIN"` content scripts arrived in
// Firefox 128, but `data_collection_permissions` (required for new add-ons) only in 140
// (142 on Android), so 140 ESR is the floor.
const FIREFOX_MIN_VERSION = '140.0';
const FIREFOX_ANDROID_MIN_VERSION = '142.0';

function manifestFor(browser: Browser): ManifestV3Export {
  const m = structuredClone(baseManifest) as Record<string, unknown>;
  if (browser === 'firefox') {
    // The key only pins Chrome's extension id; Firefox rejects unknown keys in lint.
    delete m.key;
    // Firefox reads policy through policies.json "3rdparty" and has no schema key.
    delete m.storage;
    const { service_worker, ...rest } = m.background as { service_worker: string };
    m.background = { ...rest, scripts: [service_worker] };
    m.browser_specific_settings = {
      gecko: {
        id: 'miner-sentry@miner-sentry.dev',
        strict_min_version: FIREFOX_MIN_VERSION,
        // Nothing leaves the browser unless an admin's policy names a report endpoint; the
        // reports then carry page and script URLs, which is browsing activity. The user's
        // consent to that is optional and asked for, and reports wait until it is given
        // (src/background/collection-consent.ts).
        data_collection_permissions: { required: ['none'], optional: ['browsingActivity'] },
      },
      gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
    };
  }
  return m as unknown as ManifestV3Export;
}

/**
 * Files the manifest names that crxjs does not copy by itself: the static DNR rulesets,
 * compiled from the bundled filter lists at build time, and Chrome's managed-storage schema.
 */
function generatedAssets(browser: Browser): Plugin {
  return {
    name: 'miner-sentry:generated-assets',
    buildStart() {
      for (const { fileName, rules } of bundledRulesets()) {
        this.emitFile({ type: 'asset', fileName, source: JSON.stringify(rules) });
      }
      if (browser === 'chrome') {
        this.emitFile({ type: 'asset', fileName: 'managed_schema.json', source: readFileSync('managed_schema.json', 'utf8') });
      }
    },
  };
}

export default defineConfig(({ mode }) => {
  const browser: Browser = mode === 'firefox' ? 'firefox' : 'chrome';
  return {
    plugins: [generatedAssets(browser), crx({ manifest: manifestFor(browser), browser })],
    build: {
      outDir: resolve(import.meta.dirname, 'dist', browser),
      emptyOutDir: true,
      target: 'es2022',
      // The page hook is parsed in every frame of every page, and crxjs builds it with this
      // same setting (there is no per-entry switch): minifying halves it.
      // Reviewers get the source from this repository. MINER_SENTRY_MINIFY=0 builds a readable
      // copy, which test/e2e/reliability/break-protection.ts patches by source text.
      minify: process.env.MINER_SENTRY_MINIFY !== '0',
      sourcemap: false,
    },
    define: {
      __BROWSER__: JSON.stringify(browser),
      __VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version),
    },
  };
});
