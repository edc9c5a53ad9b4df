import type { PageConfig } from '../engine/protocol';
import type { ContentSender } from './sender-trust';
import { getAllowlist, isSiteAllowed } from './allowlist';
import { getSettings } from './settings';
import { siteHost } from './site-host';
import { pageRulesJson } from './lists';

/**
 * The allowlist is per site, i.e. per top-level page: a frame inherits its tab's decision,
 * as the DNR `allowAllRequests` rule on the main frame does for requests.
 */
export function topLevelUrl(from: ContentSender, requestedUrl: string): string | undefined {
  return from.frameId === 0 ? from.url ?? requestedUrl : from.tabUrl;
}

export async function buildPageConfig(from: ContentSender, requestedUrl: string): Promise<PageConfig> {
  const [settings, allowlist, rules] = await Promise.all([getSettings(), getAllowlist(), pageRulesJson()]);
  return {
    mode: settings.mode,
    allowed: isSiteAllowed(siteHost(topLevelUrl(from, requestedUrl)), allowlist),
    rules,
  };
}
