import type { HashAlgorithm, Hashes, ResourceType, RuleHit } from '../types';
import type { PageRegex, PageRuleTemplate, PageRules } from './page-rules';
import { RegexIndex, testRegex } from './regex-index';
import type { RegexMachine } from './regex-machine';
import { hostOfUrl } from './url-host';
import type { WsFilter } from './ws-filters';

// The page hook imports this module directly: keep its imports light (no re2js,
// no regex analysis), since it is bundled into every page.

/**
 * What the hook knows about a request. A condition whose input is unknown is not
 * checked, except `initiatorDomains`: a rule limited to some sites only applies
 * when the page is known to be one of them.
 */
export interface MatchContext {
  resourceType?: ResourceType;
  /** Host of the page (or worker) making the request. */
  initiatorHost?: string;
  /** Whether the request goes to another site than the initiator (the caller knows the eTLD+1 rules). */
  thirdParty?: boolean;
}

export interface PageMatcher {
  /** Domain, url and script-url rules, for any URL the hook sees. */
  matchUrl(url: string, ctx?: MatchContext): RuleHit | null;
  matchScriptUrl(url: string, ctx?: MatchContext): RuleHit | null;
  matchHost(host: string, ctx?: MatchContext): RuleHit | null;
  matchHashes(h: Hashes): RuleHit | null;
  matchContent(text: string): RuleHit | null;
  matchWsMessage(text: string): RuleHit | null;
  /** Site-scope allow rules: the hook should not check pages on this host. */
  isSiteAllowed(host: string): boolean;
  /** Request-scope allow rules: requests to this URL's host are never blocked. */
  isRequestAllowed(url: string): boolean;
  /** Digests the hook must compute; empty when there are no hash rules. */
  hashAlgorithms(): HashAlgorithm[];
  /** Number of rules the matcher holds. */
  size: number;
  /**
   * Per ws-message rule, the sets of substrings of which a frame must contain one each
   * before the rule's regex can match (none: the rule must always run). A frame no rule
   * could match, and that cannot be a pool call either, needs no closer look.
   */
  wsFilters: readonly WsFilter[];
}

/** Set lookup of `host` and each parent domain (a.b.c → b.c → c). */
function suffixFind<T>(map: Map<string, T>, host: string): T | undefined {
  if (map.size === 0 || host === '') return undefined;
  let found = map.get(host);
  for (let dot = host.indexOf('.'); found === undefined && dot >= 0; dot = host.indexOf('.', dot + 1)) {
    found = map.get(host.slice(dot + 1));
  }
  return found;
}

function hostMatches(host: string, list: readonly string[]): boolean {
  return list.some((d) => host === d || (host.endsWith(d) && host.charCodeAt(host.length - d.length - 1) === 46));
}

function conditionsHold(t: PageRuleTemplate, ctx: MatchContext | undefined): boolean {
  if (!ctx) return !t.initiatorDomains;
  const { resourceType, initiatorHost, thirdParty } = ctx;
  if (resourceType !== undefined) {
    // Same default as declarativeNetRequest: no types listed = all but main_frame.
    if (t.resourceTypes ? !t.resourceTypes.includes(resourceType) : resourceType === 'main_frame') return false;
  }
  if (thirdParty !== undefined && t.thirdParty !== undefined && t.thirdParty !== thirdParty) return false;
  if (t.initiatorDomains && (initiatorHost === undefined || !hostMatches(initiatorHost, t.initiatorDomains))) return false;
  if (t.excludedInitiatorDomains && initiatorHost !== undefined && hostMatches(initiatorHost, t.excludedInitiatorDomains)) return false;
  return true;
}

const toSet = (hosts: readonly string[]) => new Map(hosts.map((h) => [h, true as const]));

export function createPageMatcher(data: PageRules): PageMatcher {
  const { templates } = data;
  const domainEntries = new Map<string, number[]>();
  data.domains.hosts.forEach((host, i) => {
    const list = domainEntries.get(host);
    if (list) list.push(i);
    else domainEntries.set(host, [i]);
  });
  const allowRequest = toSet(data.allow.request);
  const allowSite = toSet(data.allow.site);
  const urlIndex = new RegexIndex(data.urlRegexes);
  const scriptIndex = new RegexIndex(data.scriptUrlRegexes);
  const lazy = (entry: PageRegex) => ({ entry, machine: null as RegexMachine | null });
  const content = data.contentRegexes.map(lazy);
  const wsMessages = data.wsMessageRegexes.map(lazy);
  const hashes = new Map<string, (typeof data.hashes)[number]>();
  for (const h of data.hashes) hashes.set(`${h.algorithm}:${h.digest}`, h);
  const algorithms = [...new Set(data.hashes.map((h) => h.algorithm))].sort();

  const hit = (id: string, template: number, matched: string, description?: string): RuleHit => {
    const t = templates[template];
    return { ruleId: id, type: t.type, action: t.action, severity: t.severity, ...(description !== undefined ? { description } : {}), matched };
  };
  const regexHit = (e: PageRegex) => hit(e.id, e.template, e.source, e.description);

  const domainHit = (host: string, ctx?: MatchContext): RuleHit | null => {
    if (domainEntries.size === 0 || host === '') return null;
    // Walk suffixes by hand (not suffixFind) because an entry may fail its conditions
    // while a rule on a parent domain still applies.
    for (let from = 0; from >= 0; ) {
      const candidate = from === 0 ? host : host.slice(from);
      const entries = domainEntries.get(candidate);
      if (entries) {
        for (const i of entries) {
          if (conditionsHold(templates[data.domains.templates[i]], ctx)) return hit(data.domains.ids[i], data.domains.templates[i], candidate);
        }
      }
      const dot = host.indexOf('.', from);
      from = dot < 0 ? -1 : dot + 1;
    }
    return null;
  };

  const requestAllowedHost = (host: string) => suffixFind(allowRequest, host) !== undefined;
  const accept = (ctx?: MatchContext) => (r: { entry: PageRegex }) => conditionsHold(templates[r.entry.template], ctx);

  const matchContentLike = (list: typeof content, text: string): RuleHit | null => {
    for (const item of list) {
      if (item.entry.literal !== null && !text.includes(item.entry.literal)) continue;
      if (testRegex(item, text)) return regexHit(item.entry);
    }
    return null;
  };

  return {
    matchUrl(url, ctx) {
      const host = hostOfUrl(url);
      if (requestAllowedHost(host)) return null;
      const byHost = domainHit(host, ctx);
      if (byHost) return byHost;
      const lower = url.toLowerCase();
      const r = urlIndex.find(url, lower, accept(ctx)) ?? scriptIndex.find(url, lower, accept(ctx));
      return r ? regexHit(r.entry) : null;
    },
    matchScriptUrl(url, ctx) {
      if (requestAllowedHost(hostOfUrl(url))) return null;
      const r = scriptIndex.find(url, url.toLowerCase(), accept(ctx));
      return r ? regexHit(r.entry) : null;
    },
    matchHost(rawHost, ctx) {
      const host = rawHost.toLowerCase().replace(/\.$/, '');
      return requestAllowedHost(host) ? null : domainHit(host, ctx);
    },
    matchHashes(h) {
      for (const algorithm of algorithms) {
        const digest = h[algorithm];
        if (!digest) continue;
        const found = hashes.get(`${algorithm}:${digest.toLowerCase()}`);
        if (found) return hit(found.id, found.template, found.digest, found.description);
      }
      return null;
    },
    matchContent: (text) => matchContentLike(content, text),
    matchWsMessage: (text) => matchContentLike(wsMessages, text),
    isSiteAllowed: (host) => suffixFind(allowSite, host.toLowerCase().replace(/\.$/, '')) !== undefined,
    isRequestAllowed: (url) => requestAllowedHost(hostOfUrl(url)),
    hashAlgorithms: () => [...algorithms],
    size:
      data.domains.hosts.length + data.allow.request.length + data.allow.site.length + urlIndex.size + scriptIndex.size +
      content.length + wsMessages.length + data.hashes.length,
    wsFilters: wsMessages.map(({ entry }) => entry.choices ?? (entry.literal !== null ? [[entry.literal]] : [])),
  };
}
