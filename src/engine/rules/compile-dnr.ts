import type { DomainRule, ListIssue, RuleList, UrlRule } from '../types';
import type { DnrCondition, DnrRule } from './dnr-types';
import { DEFAULT_DOMAINS_PER_RULE, DNR_GUARANTEED_STATIC_RULES, DNR_MAX_REGEX_RULES } from './limits';
import { TRUST, dnrPriority, type SourceTrust } from '../policy/trust';

export interface CompileDnrOptions {
  firstId?: number;
  domainsPerRule?: number;
  maxRegexRules?: number;
  maxRules?: number;
  /** Whose list this is; sets the priorities. Defaults to a bundled list's. */
  trust?: SourceTrust;
}

export interface CompileDnrResult {
  rules: DnrRule[];
  skipped: ListIssue[];
  stats: { domainRules: number; regexRules: number; allowRules: number; total: number };
}


/**
 * Turns a rule list into declarativeNetRequest rules. Only `domain`, `url` and
 * `allow` rules concern the network; `report` rules are for the page hook only.
 * Domains sharing identical options are batched into `requestDomains`, which
 * matches subdomains too, so 100k hosts cost ~100 rules. Output is sorted, so the
 * same list always yields the same ids.
 */
export function compileDnr(list: RuleList, opts: CompileDnrOptions = {}): CompileDnrResult {
  const firstId = opts.firstId ?? 1;
  const perRule = opts.domainsPerRule ?? DEFAULT_DOMAINS_PER_RULE;
  const maxRegex = opts.maxRegexRules ?? DNR_MAX_REGEX_RULES;
  const maxRules = opts.maxRules ?? DNR_GUARANTEED_STATIC_RULES;
  if (!Number.isInteger(firstId) || firstId < 1) throw new RangeError('firstId must be a positive integer');
  if (!Number.isInteger(perRule) || perRule < 1) throw new RangeError('domainsPerRule must be a positive integer');
  // DNR picks the highest priority: a list's exceptions beat its own blocks and those of
  // lists it outranks, never the blocks of a more trusted list.
  const trust = opts.trust ?? TRUST.bundled;
  const BLOCK_PRIORITY = dnrPriority('block', trust.block);
  const ALLOW_PRIORITY = dnrPriority('allow', trust.allow);

  const skipped: ListIssue[] = [];
  const allowRequest: string[] = [];
  const allowSite: string[] = [];
  const domainGroups = new Map<string, { condition: DnrCondition; hosts: string[] }>();
  const regexRules: { ruleId: string; condition: DnrCondition }[] = [];

  for (const rule of list.rules) {
    if (rule.type === 'allow') (rule.scope === 'site' ? allowSite : allowRequest).push(rule.pattern);
    if (rule.action !== 'block') continue;
    if (rule.type === 'domain') {
      const condition = sharedCondition(rule);
      const key = JSON.stringify(condition);
      const group = domainGroups.get(key) ?? { condition, hosts: [] };
      group.hosts.push(rule.pattern);
      domainGroups.set(key, group);
    } else if (rule.type === 'url') {
      regexRules.push({ ruleId: rule.id, condition: { regexFilter: rule.pattern, ...sharedCondition(rule) } });
    }
  }

  const out: DnrRule[] = [];
  const kinds: ('allow' | 'domain' | 'regex')[] = [];
  const push = (kind: 'allow' | 'domain' | 'regex', priority: number, type: DnrRule['action']['type'], condition: DnrCondition) => {
    out.push({ id: 0, priority, action: { type }, condition });
    kinds.push(kind);
  };

  // Exceptions first so that if maxRules truncates, blocks are dropped, never exceptions.
  for (const chunk of chunks(minimalHosts(allowSite), perRule)) {
    // allowAllRequests only accepts frame types; it then covers the whole frame tree.
    push('allow', ALLOW_PRIORITY, 'allowAllRequests', { requestDomains: chunk, resourceTypes: ['main_frame', 'sub_frame'] });
  }
  for (const chunk of chunks(minimalHosts(allowRequest), perRule)) push('allow', ALLOW_PRIORITY, 'allow', { requestDomains: chunk });

  const groups = [...domainGroups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, g] of groups) {
    for (const chunk of chunks(minimalHosts(g.hosts), perRule)) push('domain', BLOCK_PRIORITY, 'block', { requestDomains: chunk, ...g.condition });
  }

  let regexCount = 0;
  for (const r of regexRules) {
    if (regexCount >= maxRegex) {
      skipped.push({ ruleId: r.ruleId, reason: `over the regex rule quota (${maxRegex}); not compiled to declarativeNetRequest` });
      continue;
    }
    push('regex', BLOCK_PRIORITY, 'block', r.condition);
    regexCount++;
  }

  if (out.length > maxRules) {
    skipped.push({ reason: `${out.length - maxRules} compiled rules over the limit of ${maxRules} were dropped` });
    out.length = maxRules;
    kinds.length = maxRules;
  }
  out.forEach((r, i) => (r.id = firstId + i));
  const count = (k: string) => kinds.filter((x) => x === k).length;
  return {
    rules: out,
    skipped,
    stats: { domainRules: count('domain'), regexRules: count('regex'), allowRules: count('allow'), total: out.length },
  };
}

function sharedCondition(rule: DomainRule | UrlRule): DnrCondition {
  const c: DnrCondition = {};
  // Leaving resourceTypes out is deliberate: DNR then matches every type except
  // main_frame, which keeps pool WebSockets blocked.
  if (rule.resourceTypes) c.resourceTypes = [...rule.resourceTypes].sort();
  if (rule.thirdParty !== undefined) c.domainType = rule.thirdParty ? 'thirdParty' : 'firstParty';
  if (rule.initiatorDomains) c.initiatorDomains = [...rule.initiatorDomains].sort();
  if (rule.excludedInitiatorDomains) c.excludedInitiatorDomains = [...rule.excludedInitiatorDomains].sort();
  return c;
}

/** Sorted, de-duplicated hosts without those already covered by a listed parent. */
export function minimalHosts(hosts: readonly string[]): string[] {
  const set = new Set(hosts);
  const covered = (h: string) => {
    for (let dot = h.indexOf('.'); dot >= 0; dot = h.indexOf('.', dot + 1)) {
      if (set.has(h.slice(dot + 1))) return true;
    }
    return false;
  };
  return [...set].filter((h) => !covered(h)).sort();
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
