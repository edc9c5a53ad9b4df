import browser from 'webextension-polyfill';
import type { DeclarativeNetRequest } from 'webextension-polyfill';
import { hostCoveredBy } from './site-host';

export const ALLOWLIST_KEY = 'allowlist';
/** Dynamic rule ids from here on belong to the site allowlist; other features use lower ids. */
export const ALLOWLIST_RULE_ID_BASE = 1_000_000;
export const MAX_ALLOWED_SITES = 2000;
/** Above any priority our block rules use, so an allowed site's requests always pass. */
const ALLOW_PRIORITY = 1_000_000;

const HOST_RE = /^(?:[a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/;

export function isValidHost(host: unknown): host is string {
  return typeof host === 'string' && host.length <= 253 && HOST_RE.test(host);
}

export async function getAllowlist(): Promise<string[]> {
  const stored = await browser.storage.local.get(ALLOWLIST_KEY);
  const list = stored[ALLOWLIST_KEY];
  return Array.isArray(list) ? list.filter(isValidHost) : [];
}

export function isSiteAllowed(host: string | null, allowlist: readonly string[]): boolean {
  return host !== null && allowlist.some((entry) => hostCoveredBy(host, entry));
}

/**
 * One `allowAllRequests` rule per allowed site, on its top-level document: the browser then
 * lets every request of that page and its frames through, whatever the block rules say.
 */
export function allowlistRules(allowlist: readonly string[]): DeclarativeNetRequest.Rule[] {
  return [...new Set(allowlist)].slice(0, MAX_ALLOWED_SITES).map((host, i) => ({
    id: ALLOWLIST_RULE_ID_BASE + i,
    priority: ALLOW_PRIORITY,
    action: { type: 'allowAllRequests' },
    condition: { requestDomains: [host], resourceTypes: ['main_frame'] },
  }));
}

/** Replaces our allowlist rules with ones for `allowlist`; resolves once the browser applied them. */
export async function syncAllowlistRules(allowlist: readonly string[]): Promise<void> {
  const existing = await browser.declarativeNetRequest.getDynamicRules();
  const removeRuleIds = existing.map((r) => r.id).filter((id) => id >= ALLOWLIST_RULE_ID_BASE);
  await browser.declarativeNetRequest.updateDynamicRules({ removeRuleIds, addRules: allowlistRules(allowlist) });
}

let queue: Promise<unknown> = Promise.resolve();

type Exceptions = (userList: string[]) => Promise<readonly string[]>;
const userListOnly: Exceptions = async (list) => list;

/** Serialised so two quick changes can't interleave their read-modify-write of the list. */
function changeAllowlist(change: (current: string[]) => string[], exceptions: Exceptions): Promise<string[]> {
  const run = queue.then(async () => {
    const next = change(await getAllowlist());
    if (next.length > MAX_ALLOWED_SITES) throw new Error('Too many allowed sites');
    await browser.storage.local.set({ [ALLOWLIST_KEY]: next });
    await syncAllowlistRules(await exceptions(next));
    return next;
  });
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Adds or removes one site of the user's list. `exceptions` gives the full set of hosts DNR
 * must let through (the policy's allowlist, sites the user switched out of block mode) once
 * the user's list is stored; by default that is the user's list alone.
 */
export function setSiteAllowed(host: string, allowed: boolean, exceptions: Exceptions = userListOnly): Promise<string[]> {
  return changeAllowlist(
    (current) => (allowed ? (current.includes(host) ? current : [...current, host]) : current.filter((h) => h !== host)),
    exceptions,
  );
}

/** Replaces the user's list (the options page edits it as a whole). */
export function setAllowlist(hosts: readonly string[], exceptions: Exceptions = userListOnly): Promise<string[]> {
  return changeAllowlist(() => [...new Set(hosts.filter(isValidHost))], exceptions);
}
