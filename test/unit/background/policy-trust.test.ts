// Issue 9, attack 3: with the mode locked and user allowlisting forbidden, an allow rule in
// "My rules" or in a list the user subscribed to must not switch protection off for a site
// nor lift a block of the organisation's: not in the DNR rules, not in the page config,
// not in the attribution of blocked requests.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fake-browser')).fakeBrowser }));

import 'webextension-polyfill';
import { EXTENSION_ID, EXTENSION_ORIGIN, fakeBrowser, resetFakeBrowser } from './fake-browser';
import { serveListAssetsFromDisk } from './list-assets';
import { createPageMatcher } from '../../../src/engine/rules/page-matcher';
import type { PageRules } from '../../../src/engine/rules/page-rules';
import type { PageConfig } from '../../../src/engine/protocol';
import type { AutomationApi } from '../../../src/background/automation-api';

const SITE = 'locked.example';
const POOL = 'pool.locked.example';
const MINER_JS = 'https://cdn.locked.example/org-miner.js';
const INLINE = {
  format: 'miner-sentry-rules', version: 1, name: 'Org rules',
  rules: [
    { id: 'org-pool', type: 'domain', pattern: POOL, action: 'block', severity: 'high' },
    { id: 'org-script', type: 'script-url', pattern: '/org-miner\\.js', action: 'block', severity: 'high' },
  ],
};
/** The user's way around the lock: the site as a document exception, the pool and CDN as request exceptions. */
const MY_RULES = `@@||${SITE}^$document\n@@||${POOL}^\n@@||cdn.locked.example^\n`;
const LOCKED = { lockMode: true, allowUserAllowlist: false, inlineRules: INLINE };

const settle = async (rounds = 10) => { for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0)); };
const page = (tabId: number, url: string) => ({ id: EXTENSION_ID, tab: { id: tabId, url }, frameId: 0, url });

async function start(policy: Record<string, unknown>, customRules: string) {
  await fakeBrowser.storage.managed.set(policy);
  await fakeBrowser.storage.local.set({ settings: { customRules } });
  vi.resetModules();
  await import('../../../src/background/index');
  fakeBrowser.runtime.onInstalled.fire({ reason: 'install' });
  await settle(30);
}

async function pageConfig(): Promise<PageConfig> {
  const url = `https://${SITE}/`;
  const [reply] = fakeBrowser.runtime.onMessage.fire({ type: 'ms:get-page-config', url }, page(5, url)).filter((r: unknown) => r !== undefined);
  return (await reply) as PageConfig;
}

/** What DNR does with a request to `host`: the highest priority wins, allow before block on a tie. */
function dnrVerdict(host: string): string {
  const order: Record<string, number> = { allow: 0, allowAllRequests: 1, block: 2 };
  const hits = fakeBrowser.state.dynamicRules
    .map((r) => r as unknown as { priority: number; action: { type: string }; condition: { requestDomains?: string[] } })
    .filter((r) => r.condition.requestDomains?.some((d) => host === d || host.endsWith(`.${d}`)));
  hits.sort((a, b) => b.priority - a.priority || order[a.action.type] - order[b.action.type]);
  return hits[0]?.action.type ?? 'none';
}

beforeEach(() => {
  resetFakeBrowser();
  serveListAssetsFromDisk();
});

// Each test starts the whole background and compiles the bundled lists: slow on a busy machine.
describe('admin locks beat user allow rules', { timeout: 30_000 }, () => {
  it('a user $document rule does not switch the hook off on a locked site', async () => {
    await start(LOCKED, MY_RULES);
    const config = await pageConfig();
    expect(config).toMatchObject({ mode: 'block', allowed: false });
    const matcher = createPageMatcher(JSON.parse(config.rules) as PageRules);
    expect(matcher.isSiteAllowed(SITE)).toBe(false);
    // The organisation's script rule still judges the CDN the user excepted.
    expect(matcher.matchScriptUrl(MINER_JS)?.ruleId).toBe('org-script');
  });

  it('a user allow does not outrank the organisation\'s block in DNR', async () => {
    await start(LOCKED, MY_RULES);
    expect(dnrVerdict(POOL)).toBe('block');
    expect(dnrVerdict(SITE)).not.toMatch(/^allow/);
  });

  it('a request the organisation\'s rule blocked is still attributed to it', async () => {
    await start(LOCKED, MY_RULES);
    fakeBrowser.webRequest.onErrorOccurred.fire({
      url: `https://${POOL}/socket`, error: 'net::ERR_BLOCKED_BY_CLIENT', tabId: 5, frameId: 0,
      type: 'websocket', timeStamp: Date.now(), initiator: `https://${SITE}`,
    });
    await settle(20);
    const api = (globalThis as unknown as { minerSentry: AutomationApi }).minerSentry;
    const findings = (await api.getTabState(5)).findings;
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'blocked-request', ruleId: 'org-pool' }));
  });

  it('without a policy, the user\'s own allow rules still work on the user\'s own blocks', async () => {
    await start({}, `||user-pool.example^\n@@||user-pool.example^\n@@||${SITE}^$document\n`);
    expect(dnrVerdict('user-pool.example')).toBe('allow');
    const matcher = createPageMatcher(JSON.parse((await pageConfig()).rules) as PageRules);
    // The bundled built-in rules outrank a user's exception, so the hook keeps checking.
    expect(matcher.isSiteAllowed(SITE)).toBe(false);
  });

  it('an admin inline $document rule still switches the hook off under the lock', async () => {
    const inline = { ...INLINE, rules: [...INLINE.rules, { id: 'org-ok', type: 'allow', scope: 'site', pattern: 'intranet.example', action: 'report', severity: 'low' }] };
    await start({ ...LOCKED, inlineRules: inline }, MY_RULES);
    const matcher = createPageMatcher(JSON.parse((await pageConfig()).rules) as PageRules);
    expect(matcher.isSiteAllowed('intranet.example')).toBe(true);
    expect(matcher.isSiteAllowed(SITE)).toBe(false);
  });
});
