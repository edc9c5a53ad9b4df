import browser from 'webextension-polyfill';
import { parsePolicy } from '../engine/policy/parse-policy';
import type { Policy } from '../engine/policy/types';

export interface PolicyRead { policy: Policy; errors: string[] }

/** The last policy read from managed storage, kept for the next browser start. */
export const POLICY_COPY_KEY = 'policyCopy';

/**
 * How long a start without a stored copy waits for managed storage. Once Chromium's policy
 * service is up it answers within milliseconds; before that (a fresh browser start) it
 * takes seconds, and every frame's page config would wait with it.
 */
const FIRST_READ_GRACE_MS = 50;

// Set once managed storage has answered in this wake-up: from then on it answers quickly
// and is the only source.
let managedAnswered = false;
let lateReadDiffers: () => void = () => undefined;

/** Called when managed storage answers after a stand-in was used, and says otherwise. */
export function onStandInCorrected(listener: () => void): void {
  lateReadDiffers = listener;
}

/**
 * The admin's settings from `storage.managed`: Chrome fills it from its enterprise policy
 * (`3rdparty.extensions.<id>`), Firefox from policies.json (`3rdparty.Extensions.<id>`).
 * Firefox rejects the read when no policy names the add-on, and a browser may lack the
 * area entirely; both mean "unmanaged".
 */
async function readManaged(): Promise<Record<string, unknown>> {
  try {
    return (await browser.storage.managed?.get(null)) ?? {};
  } catch {
    return {};
  }
}

/**
 * No copy reads as unmanaged, so an unmanaged browser never writes one. The report auth
 * header is a secret and stays out of storage.local: reports read it from managed storage
 * when they are sent (report-target.ts).
 */
async function keepCopy(managed: Record<string, unknown>): Promise<void> {
  const { reportAuthHeader: _secret, ...raw } = managed;
  const stored = (await browser.storage.local.get(POLICY_COPY_KEY))[POLICY_COPY_KEY];
  if (JSON.stringify(stored ?? {}) !== JSON.stringify(raw)) await browser.storage.local.set({ [POLICY_COPY_KEY]: raw });
}

/**
 * Until managed storage answers, the copy from the last read stands in for it. Without a
 * copy (first install) the stand-in is "unmanaged": a page then gets no stricter and no
 * laxer treatment than the hook's own defaults before any config (block, fingerprints
 * only), since the user's settings are still the defaults too.
 */
async function standIn(): Promise<Record<string, unknown>> {
  const stored = (await browser.storage.local.get(POLICY_COPY_KEY))[POLICY_COPY_KEY];
  if (stored && typeof stored === 'object' && !Array.isArray(stored)) return stored as Record<string, unknown>;
  await new Promise((resolve) => setTimeout(resolve, FIRST_READ_GRACE_MS));
  return {};
}

export async function readPolicy(): Promise<PolicyRead> {
  const fresh = readManaged().then((raw) => {
    managedAnswered = true;
    void keepCopy(raw).catch(() => undefined);
    return raw;
  });
  if (managedAnswered) return parse(await fresh);
  const first = await Promise.race([
    fresh.then((raw) => ({ raw, standIn: false })),
    standIn().then((raw) => ({ raw, standIn: true })),
  ]);
  if (first.standIn) {
    void fresh.then((raw) => {
      if (JSON.stringify(raw) !== JSON.stringify(first.raw)) lateReadDiffers();
    });
  }
  return parse(first.raw);
}

function parse(raw: Record<string, unknown>): PolicyRead {
  return parsePolicy(Object.keys(raw).length ? raw : undefined);
}
