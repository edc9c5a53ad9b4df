import browser from 'webextension-polyfill';
import type { DeclarativeNetRequest } from 'webextension-polyfill';
import { compileDnr } from '../engine/rules/index';
import type { DnrRule } from '../engine/rules/index';
import type { EnforcementMode } from '../engine/protocol';
import { ALLOWLIST_RULE_ID_BASE, MAX_ALLOWED_SITES } from './allowlist';
import type { RuleSource } from './rule-sources';

/*
 * Rule lists beyond the bundled static ruleset (policy inline rules, subscriptions, the
 * user's own) become dynamic DNR rules. Each source owns a fixed id range, so a rule's
 * id says where it came from. Chrome allows 30,000 dynamic rules, 1,000 of them regex,
 * and the allowlist needs its share of those.
 */
export const LIST_RULE_ID_RANGE = 20_000;
export const MAX_DYNAMIC_RULES = 30_000;
export const MAX_DYNAMIC_REGEX_RULES = 1_000;
const LIST_RULE_BUDGET = MAX_DYNAMIC_RULES - MAX_ALLOWED_SITES;
const MAX_SOURCES = Math.floor((ALLOWLIST_RULE_ID_BASE - 1) / LIST_RULE_ID_RANGE);

export interface SourceRuleStatus {
  key: string;
  label: string;
  /** DNR rules this source got. */
  rules: number;
  /** Rules that could not become DNR rules (budget, quota), with the reason. */
  skipped: string[];
}

export interface CompiledListRules { rules: DnrRule[]; status: SourceRuleStatus[] }

export function compileListRules(sources: readonly RuleSource[]): CompiledListRules {
  const rules: DnrRule[] = [];
  const status: SourceRuleStatus[] = [];
  let regexLeft = MAX_DYNAMIC_REGEX_RULES;
  sources.forEach((source, i) => {
    const room = Math.min(LIST_RULE_ID_RANGE, LIST_RULE_BUDGET - rules.length);
    if (i >= MAX_SOURCES || room <= 0) {
      status.push({ key: source.key, label: source.label, rules: 0, skipped: ['no room left in the browser\'s rule limit'] });
      return;
    }
    const out = compileDnr(source.list, { firstId: 1 + i * LIST_RULE_ID_RANGE, maxRules: room, maxRegexRules: regexLeft, trust: source.trust });
    regexLeft -= out.stats.regexRules;
    rules.push(...out.rules);
    status.push({
      key: source.key,
      label: source.label,
      rules: out.rules.length,
      skipped: out.skipped.map((s) => (s.ruleId ? `${s.ruleId}: ${s.reason}` : s.reason)),
    });
  });
  return { rules, status };
}

/**
 * Swaps every list rule in one `updateDynamicRules` call: the browser applies removal and
 * addition together, so blocking never drops to zero in between, and if it refuses the new
 * set the old one stays. Outside block mode no list rule may block.
 */
export async function syncListRules(sources: readonly RuleSource[], mode: EnforcementMode): Promise<SourceRuleStatus[]> {
  const compiled = mode === 'block' ? compileListRules(sources) : { rules: [], status: [] };
  const existing = await browser.declarativeNetRequest.getDynamicRules();
  const removeRuleIds = existing.map((r) => r.id).filter((id) => id < ALLOWLIST_RULE_ID_BASE);
  await browser.declarativeNetRequest.updateDynamicRules({
    removeRuleIds,
    addRules: compiled.rules as DeclarativeNetRequest.Rule[],
  });
  return compiled.status;
}
