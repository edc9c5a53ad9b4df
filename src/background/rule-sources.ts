import type { EffectiveSettings, SubscriptionSource } from '../engine/policy/types';
import type { SubscriptionState } from '../engine/subscriptions/types';
import type { RuleList } from '../engine/types';
import { loadRuleList } from '../engine/rules/index';
import { TRUST, type SourceTrust } from '../engine/policy/trust';
import { siteAllowFloor } from '../engine/policy/site-allow-floor';
import { withoutSiteAllows } from '../engine/policy/trusted-rules';

/** One list that joins the bundled ones; `key` names it in rule-id ranges and status. */
export interface RuleSource { key: string; label: string; list: RuleList; trust: SourceTrust }

export const CUSTOM_RULES_NAME = 'My rules';

/** The user's own rules as typed; invalid rules are left out, the valid ones apply. */
export function customRuleList(text: string): RuleList | null {
  if (text.trim() === '') return null;
  const { list } = loadRuleList(text, { name: CUSTOM_RULES_NAME, partial: true });
  return list && list.rules.length ? list : null;
}

/**
 * A policy-listed list speaks for the admin only when the admin can tell it is theirs:
 * signed by a trusted key or pinned by hash. Otherwise whoever controls its server could
 * lift the admin's blocks with an allow rule, so its allows rank no higher than a bundled list's.
 */
function subscriptionTrust(sub: SubscriptionSource, fromPolicy: boolean, state: SubscriptionState | undefined): SourceTrust {
  if (!fromPolicy) return TRUST.subscription;
  const good = state?.lastGood;
  const verified = good !== undefined && (good.signedBy !== undefined || (sub.sha256 !== undefined && good.sha256 === sub.sha256));
  return verified ? TRUST.admin : TRUST.adminUnverified;
}

/**
 * Admin rules first, so when the browser's rule budget runs out it is the user's own
 * lists that lose rules, never the organisation's.
 */
export function activeRuleSources(settings: EffectiveSettings, states: readonly SubscriptionState[]): RuleSource[] {
  const floor = siteAllowFloor(settings);
  return listedSources(settings, states).map((s) => ({ ...s, list: withoutSiteAllows(s.list, s.trust, floor) }));
}

function listedSources(settings: EffectiveSettings, states: readonly SubscriptionState[]): RuleSource[] {
  const sources: RuleSource[] = [];
  if (settings.inlineRules?.rules.length) {
    sources.push({ key: 'policy', label: settings.inlineRules.name, list: settings.inlineRules, trust: TRUST.admin });
  }
  for (const sub of settings.subscriptions.value) {
    const state = states.find((s) => s.url === sub.url);
    const good = state?.lastGood;
    if (!good) continue;
    const fromPolicy = settings.subscriptions.fromPolicy.some((p) => p.url === sub.url);
    sources.push({ key: `sub:${sub.url}`, label: sub.name ?? sub.url, list: good.list, trust: subscriptionTrust(sub, fromPolicy, state) });
  }
  const custom = customRuleList(settings.customRules.value);
  if (custom) sources.push({ key: 'custom', label: CUSTOM_RULES_NAME, list: custom, trust: TRUST.user });
  return sources;
}
