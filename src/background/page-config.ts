import type { PageConfig } from '../engine/protocol';
import type { ContentSender } from './sender-trust';
import { isSiteAllowed } from './allowlist';
import { currentSettings, modeForHost } from './effective';
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
  const [settings, rules] = await Promise.all([currentSettings(), pageRulesJson()]);
  const host = siteHost(topLevelUrl(from, requestedUrl));
  return {
    mode: modeForHost(settings, host),
    allowed: isSiteAllowed(host, settings.allowlist.value),
    rules,
  };
}
