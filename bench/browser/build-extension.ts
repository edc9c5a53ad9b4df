import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserKind } from '../../test/e2e/harness/constants';

// The bench measures its own build in a temporary directory, through the same npm
// scripts as `npm run build` (so any pre-build step runs too), never touching dist/,
// which the e2e tests use. MINER_SENTRY_DIST_DIR measures an existing build instead.

export interface ExtensionBuild { dirOf(kind: BrowserKind): string; source: string; cleanup(): void }

const root = resolve(import.meta.dirname, '../..');
const MODE: Record<BrowserKind, string> = { chromium: 'chrome', firefox: 'firefox' };

export function extensionBuild(kinds: BrowserKind[], log: (s: string) => void): ExtensionBuild {
  const given = process.env.MINER_SENTRY_DIST_DIR;
  if (given) {
    return { dirOf: (k) => resolve(given, MODE[k]), source: `MINER_SENTRY_DIST_DIR=${given}`, cleanup: () => {} };
  }
  const out = mkdtempSync(join(tmpdir(), 'miner-sentry-bench-ext-'));
  for (const kind of kinds) {
    log(`building the ${MODE[kind]} extension into ${out}/${MODE[kind]}`);
    const r = spawnSync('npm', ['run', '--silent', `build:${MODE[kind]}`, '--', '--outDir', join(out, MODE[kind]), '--emptyOutDir', '--logLevel', 'error'], {
      cwd: root,
      // The build's progress lines would bury the bench's own; they are shown when it fails.
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    });
    if (r.status !== 0) {
      process.stderr.write(`${r.stdout}${r.stderr}`);
      rmSync(out, { recursive: true, force: true });
      throw new Error(`build:${MODE[kind]} failed (exit ${r.status ?? r.signal})`);
    }
  }
  return { dirOf: (k) => join(out, MODE[k]), source: 'fresh build of the working tree', cleanup: () => rmSync(out, { recursive: true, force: true }) };
}
