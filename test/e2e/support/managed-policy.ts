// Writes an admin policy where the real browsers read it, and always restores what was
// there. We run as root (locally and in CI). The files affect every browser started
// while they exist, so callers keep the window short and use hosts no other test uses.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BrowserKind } from '../harness';

export const CHROME_EXTENSION_ID = 'pjgbhhcaimphlfgdejbgcbncgnlnhifh';
export const FIREFOX_ADDON_ID = 'miner-sentry@miner-sentry.dev';

/** Chromium watches this directory and reloads policy while running. */
export const CHROMIUM_POLICY_DIR = '/etc/chromium/policies/managed';
/** Read once at start-up by Debian's firefox-esr (system policies come before distribution/). */
export const FIREFOX_POLICY_FILE = process.env.FIREFOX_POLICY_FILE ?? '/etc/firefox/policies/policies.json';

export interface InstalledPolicy { path: string; remove(): Promise<void> }

export async function installPolicy(kind: BrowserKind, settings: Record<string, unknown>, tag: string): Promise<InstalledPolicy> {
  if (kind === 'chromium') {
    const path = `${CHROMIUM_POLICY_DIR}/miner-sentry-e2e-${tag}.json`;
    await mkdir(CHROMIUM_POLICY_DIR, { recursive: true });
    await writeFile(path, JSON.stringify({ '3rdparty': { extensions: { [CHROME_EXTENSION_ID]: settings } } }));
    return { path, remove: () => rm(path, { force: true }) };
  }
  const path = FIREFOX_POLICY_FILE;
  const backup = `${path}.miner-sentry-backup-${tag}`;
  await mkdir(dirname(path), { recursive: true });
  const existing = await readFile(path, 'utf8').catch(() => null);
  if (existing !== null) await rename(path, backup);
  await writeFile(path, JSON.stringify({ policies: { '3rdparty': { Extensions: { [FIREFOX_ADDON_ID]: settings } } } }));
  let removed = false;
  return {
    path,
    async remove() {
      if (removed) return;
      removed = true;
      await rm(path, { force: true });
      if (existing !== null) await rename(backup, path);
    },
  };
}
