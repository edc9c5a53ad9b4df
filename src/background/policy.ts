import browser from 'webextension-polyfill';
import { parsePolicy } from '../engine/policy/parse-policy';
import type { Policy } from '../engine/policy/types';

export interface PolicyRead { policy: Policy; errors: string[] }

/**
 * The admin's settings from `storage.managed`: Chrome fills it from its enterprise policy
 * (`3rdparty.extensions.<id>`), Firefox from policies.json (`3rdparty.Extensions.<id>`).
 * Firefox rejects the read when no policy names the add-on, and a browser may lack the
 * area entirely; both mean "unmanaged".
 */
export async function readPolicy(): Promise<PolicyRead> {
  let raw: Record<string, unknown>;
  try {
    raw = (await browser.storage.managed?.get(null)) ?? {};
  } catch {
    return { policy: {}, errors: [] };
  }
  return parsePolicy(Object.keys(raw).length ? raw : undefined);
}
