import { resolve } from 'node:path';

export type BrowserKind = 'chromium' | 'firefox';
export const BROWSER_KINDS: BrowserKind[] = ['chromium', 'firefox'];

export const repoRoot = resolve(import.meta.dirname, '../../..');

/** `MINER_SENTRY_DIST_DIR` points the tests at another build, e.g. a deliberately broken copy. */
export function builtExtensionDir(kind: BrowserKind): string {
  const dist = process.env.MINER_SENTRY_DIST_DIR ? resolve(process.env.MINER_SENTRY_DIST_DIR) : resolve(repoRoot, 'dist');
  return resolve(dist, kind === 'chromium' ? 'chrome' : 'firefox');
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export const FIREFOX_ADDON_ID = 'miner-sentry@miner-sentry.dev';
// Pinned so extension pages have a known moz-extension:// origin in every run.
export const FIREFOX_ADDON_UUID = '7b1c2f4e-5d3a-4c8b-9e21-6f0a3d5b8c47';

/** On the NoCoin list as `||crypto-loot.com^$third-party`; both browsers resolve it to 127.0.0.1. */
export const LISTED_HOST = 'crypto-loot.com';
export const MAPPED_HOSTS = ['pool.example', LISTED_HOST];

export const POPUP_PATH = 'src/ui/popup/index.html';
