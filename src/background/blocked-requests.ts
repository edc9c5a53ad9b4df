import type { Finding, ResourceType } from '../engine/types';
import type { MatchContext, PageMatcher } from '../engine/rules/page-matcher';

/*
 * Requests blocked by our DNR rules, turned into findings.
 *
 * `declarativeNetRequest.onRuleMatchedDebug` only exists for unpacked extensions, so in
 * production we watch `webRequest.onErrorOccurred` (observational, allowed in MV3) and keep
 * the errors a DNR block produces:
 *   - Chrome: `net::ERR_BLOCKED_BY_CLIENT` (any extension's block, not only ours);
 *   - Firefox: `NS_ERROR_ABORT` — Gecko's DNR cancels the channel with it (and the
 *     extension-blocked reason, which webRequest does not expose), the same code a page's
 *     own aborted fetch or a stopped load gets.
 * Neither says which extension or rule blocked it, so a request is only recorded when our
 * own lists block its URL; the rule that matched is named in the finding. A request another
 * blocker stopped, or one aborted for an unrelated reason, on a URL our lists also block is
 * therefore attributed to us — our rules would have blocked it anyway. The caller skips
 * tabs whose site is allowlisted and modes other than 'block', where our rules don't block.
 */

export const BLOCK_ERRORS: ReadonlySet<string> = new Set(['net::ERR_BLOCKED_BY_CLIENT', 'NS_ERROR_ABORT']);

export interface RequestErrorDetails {
  url: string;
  error: string;
  tabId: number;
  frameId: number;
  type: string;
  timeStamp: number;
  /** Firefox: the document that made the request. */
  documentUrl?: string;
  /** Firefox: the resource that triggered it. */
  originUrl?: string;
  /** Chrome: the origin that made the request. */
  initiator?: string;
  /** Chrome: the document that made the request. */
  documentId?: string;
}

/** webRequest types that declarativeNetRequest also knows; Firefox-only ones stay unchecked. */
const DNR_TYPES: ReadonlySet<string> = new Set<ResourceType>([
  'main_frame', 'sub_frame', 'stylesheet', 'script', 'image', 'font', 'object', 'xmlhttprequest',
  'ping', 'csp_report', 'media', 'websocket', 'webtransport', 'webbundle', 'other',
]);

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}

export function blockedRequestFinding(d: RequestErrorDetails, matcher: PageMatcher): Finding | null {
  if (d.tabId < 0 || !BLOCK_ERRORS.has(d.error) || !hostOf(d.url)) return null;
  if (matcher.isRequestAllowed(d.url)) return null;
  const frameUrl = d.type === 'main_frame' ? d.url : d.documentUrl ?? d.originUrl ?? d.initiator;
  // The same conditions DNR applied (resource type, initiator), so a rule that can't have
  // blocked this request isn't named for it.
  const ctx: MatchContext = {
    resourceType: DNR_TYPES.has(d.type) ? (d.type as ResourceType) : undefined,
    initiatorHost: d.type === 'main_frame' ? undefined : hostOf(frameUrl),
  };
  const hit = matcher.matchUrl(d.url, ctx);
  if (!hit || hit.action !== 'block') return null;
  const finding: Finding = {
    kind: 'blocked-request',
    verdict: 'miner',
    action: 'blocked',
    reason: `Blocked: matches ${hit.description ?? hit.matched}`,
    ruleId: hit.ruleId,
    url: d.url,
    time: d.timeStamp,
  };
  if (frameUrl) finding.frameUrl = frameUrl;
  return finding;
}
