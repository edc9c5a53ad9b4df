import type { EffectiveSettings } from '../engine/policy/types';
import type { SubscriptionState } from '../engine/subscriptions/types';
import type { RuleList } from '../engine/types';
import { loadRuleList } from '../engine/rules/index';

/** One list that joins the bundled ones; `key` names it in rule-id ranges and status. */
export interface RuleSource { key: string; label: string; list: RuleList }

export const CUSTOM_RULES_NAME = 'My rules';

/** The user's own rules as typed; invalid rules are left out, the valid ones apply. */
export function customRuleList(text: string): RuleList | null {
  if (text.trim() === '') return null;
  const { list } = loadRuleList(text, { name: CUSTOM_RULES_NAME, partial: true });
  return list && list.rules.length ? list : null;
}

/**
 * Admin rules first, so when the browser's rule budget runs out it is the user's own
 * lists that lose rules, never the organisation's.
 */
export function activeRuleSources(settings: EffectiveSettings, states: readonly SubscriptionState[]): RuleSource[] {
  const sources: RuleSource[] = [];
  if (settings.inlineRules?.rules.length) {
    sources.push({ key: 'policy', label: settings.inlineRules.name, list: settings.inlineRules });
  }
  for (const sub of settings.subscriptions.value) {
    const good = states.find((s) => s.url === sub.url)?.lastGood;
    if (good) sources.push({ key: `sub:${sub.url}`, label: sub.name ?? sub.url, list: good.list });
  }
  const custom = customRuleList(settings.customRules.value);
  if (custom) sources.push({ key: 'custom', label: CUSTOM_RULES_NAME, list: custom });
  return sources;
}
