// The page hook and the blocked-request attribution read rules, not DNR priorities, so the
// trust order of the network rules (trust.ts) is applied to them here: an allow rule only
// counts against blocks of its own trust level or below.
import type { Rule, RuleList } from '../types';
import { mergeRuleLists } from '../rules/merge';
import { compilePageRules } from '../rules/page-rules';
import { createPageMatcher, type PageMatcher } from '../rules/page-matcher';
import { rank, TRUST_LEVELS, type SourceTrust, type TrustLevel } from './trust';

export interface TrustedList { list: RuleList; trust: SourceTrust }

/** Every list's rules with ids made unique across all lists (as one merge would), still grouped by list. */
function uniqueIds(lists: readonly TrustedList[]): { rules: Rule[]; trust: SourceTrust }[] {
  const merged = mergeRuleLists(lists.map((l) => l.list)).rules;
  let at = 0;
  return lists.map((l) => {
    const rules = merged.slice(at, at + l.list.rules.length);
    at += l.list.rules.length;
    return { rules, trust: l.trust };
  });
}

const listOf = (name: string, rules: Rule[]): RuleList => ({ format: 'miner-sentry-rules', version: 1, name, rules });

/**
 * The rules the page hook gets (domain rules are DNR's). The hook has one allow list
 * for all its rules, so an allow is kept only when it outranks every rule the hook
 * holds; one that would lift a more trusted rule is left out, which can only make the
 * hook stricter than the lists meant, never laxer.
 */
export function pageRuleList(lists: readonly TrustedList[]): RuleList {
  const grouped = uniqueIds(lists).map((g) => ({ ...g, rules: g.rules.filter((r) => r.type !== 'domain') }));
  const top = Math.max(0, ...grouped.filter((g) => g.rules.some((r) => r.type !== 'allow')).map((g) => rank(g.trust.block)));
  const rules = grouped.flatMap((g) => g.rules.filter((r) => r.type !== 'allow' || rank(g.trust.allow) >= top));
  return listOf(lists.map((l) => l.list.name).join(' + ') || 'merged', rules);
}

/**
 * An `@@…$document` rule switches the hook off for a site: an allowlist entry by another
 * name. `floor` is the lowest level allowed to do that; below it such rules are left out
 * of the list, for the network rules as for the hook.
 */
export function withoutSiteAllows(list: RuleList, trust: SourceTrust, floor: TrustLevel): RuleList {
  if (rank(trust.allow) >= rank(floor) || !list.rules.some((r) => r.type === 'allow' && r.scope === 'site')) return list;
  return { ...list, rules: list.rules.filter((r) => r.type !== 'allow' || r.scope !== 'site') };
}

/**
 * Names the rule that blocked a request the way DNR decided it: one matcher per trust
 * level, holding that level's blocks and the allows that outrank them; the most trusted
 * level with a hit wins, as the highest DNR priority does.
 */
export function trustedRequestMatcher(lists: readonly TrustedList[]): PageMatcher {
  const grouped = uniqueIds(lists);
  const tiers: PageMatcher[] = [];
  for (const level of [...TRUST_LEVELS].reverse()) {
    const blocks = grouped.filter((g) => g.trust.block === level).flatMap((g) => g.rules.filter((r) => r.type !== 'allow'));
    if (blocks.length === 0) continue;
    const allows = grouped.filter((g) => rank(g.trust.allow) >= rank(level)).flatMap((g) => g.rules.filter((r) => r.type === 'allow'));
    tiers.push(createPageMatcher(compilePageRules(listOf(level, [...blocks, ...allows]))));
  }
  const first = <T>(ask: (m: PageMatcher) => T | null): T | null => {
    for (const m of tiers) {
      const hit = ask(m);
      if (hit) return hit;
    }
    return null;
  };
  return {
    matchUrl: (url, ctx) => first((m) => m.matchUrl(url, ctx)),
    matchScriptUrl: (url, ctx) => first((m) => m.matchScriptUrl(url, ctx)),
    matchHost: (host, ctx) => first((m) => m.matchHost(host, ctx)),
    matchHashes: (h) => first((m) => m.matchHashes(h)),
    matchContent: (text) => first((m) => m.matchContent(text)),
    matchWsMessage: (text) => first((m) => m.matchWsMessage(text)),
    // Allowed only when no level would still block it.
    isSiteAllowed: (host) => tiers.length > 0 && tiers.every((m) => m.isSiteAllowed(host)),
    isRequestAllowed: (url) => tiers.length > 0 && tiers.every((m) => m.isRequestAllowed(url)),
    hashAlgorithms: () => [...new Set(tiers.flatMap((m) => m.hashAlgorithms()))].sort(),
    size: tiers.reduce((n, m) => n + m.size, 0),
    wsFilters: tiers.flatMap((m) => m.wsFilters),
  };
}
