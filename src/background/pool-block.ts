// The hook closes a pool socket, but a miner simply reconnects. A session rule scoped to the
// tab stops the retry at the network layer. Session rules die with the browser session; the
// tab's rules are also removed when the tab closes.
import { MAX_LIST_PRIORITY } from '../engine/policy/trust';
import type { Finding } from '../engine/types';

export interface SessionRuleApi {
  getSessionRules(): Promise<{ id: number; condition: { requestDomains?: string[]; tabIds?: number[] } }[]>;
  updateSessionRules(opts: { removeRuleIds?: number[]; addRules?: unknown[] }): Promise<void>;
}

// Ids below this are left to any other session rules we may add later.
const FIRST_ID = 1_000_000;
// A pool the hook caught in the act outranks every list's allow rule (no list, however
// trusted, vouches for a socket seen logging in to mine), yet stays under the allowlist's
// allowAllRequests rules, so allowing the site, which policy governs, lifts it on reload.
const PRIORITY = MAX_LIST_PRIORITY + 1;

export function blockedPoolHosts(findings: readonly Pick<Finding, 'kind' | 'action' | 'url'>[]): string[] {
  const hosts = new Set<string>();
  for (const f of findings) {
    if (f.kind !== 'websocket' || f.action !== 'blocked' || !f.url) continue;
    try {
      const u = new URL(f.url);
      if ((u.protocol === 'ws:' || u.protocol === 'wss:') && u.hostname) hosts.add(u.hostname.replace(/^\[|\]$/g, ''));
    } catch {
      // A finding's URL was validated as a string, not as a URL: nothing to block.
    }
  }
  return [...hosts];
}

export function createPoolBlocker(dnr: SessionRuleApi) {
  // Serialised: two findings of one page arrive together and must not pick the same id.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    /** Makes sure every pool host the hook blocked in this tab has its session rule. */
    sync(tabId: number, findings: readonly Pick<Finding, 'kind' | 'action' | 'url'>[]): Promise<void> {
      const hosts = blockedPoolHosts(findings);
      if (hosts.length === 0 || tabId < 0) return Promise.resolve();
      return serial(async () => {
        const rules = await dnr.getSessionRules();
        const covered = new Set(
          rules.filter((r) => r.condition.tabIds?.includes(tabId)).flatMap((r) => r.condition.requestDomains ?? []),
        );
        const missing = hosts.filter((h) => !covered.has(h));
        if (missing.length === 0) return;
        let next = Math.max(FIRST_ID - 1, ...rules.map((r) => r.id)) + 1;
        await dnr.updateSessionRules({
          addRules: missing.map((host) => ({
            id: next++,
            priority: PRIORITY,
            action: { type: 'block' },
            condition: { requestDomains: [host], tabIds: [tabId], resourceTypes: ['websocket'] },
          })),
        });
      });
    },
    forgetTab(tabId: number): Promise<void> {
      return serial(async () => {
        const ids = (await dnr.getSessionRules()).filter((r) => r.id >= FIRST_ID && r.condition.tabIds?.includes(tabId)).map((r) => r.id);
        if (ids.length) await dnr.updateSessionRules({ removeRuleIds: ids });
      });
    },
  };
}
