import type { EffectiveSettings, SubscriptionSource } from '../engine/policy/types';
import type { SubscriptionError, SubscriptionState } from '../engine/subscriptions/types';
import type { SourceRuleStatus } from './list-rules';

/** One subscription as the options page lists it. */
export interface SubscriptionView {
  url: string;
  name?: string;
  /** Pushed by the admin: the user can't remove it. */
  fromPolicy: boolean;
  pinned: boolean;
  requireSignature: boolean;
  lastChecked?: number;
  nextAttempt?: number;
  failures: number;
  error?: SubscriptionError;
  /** The list in force (the last good copy), if any. */
  inForce?: { ruleCount: number; format: string; updatedAt: number; signedBy?: string; sequence?: number; expires?: string; sha256: string };
  /** DNR rules it got, and what could not become one. */
  networkRules?: number;
  networkSkipped?: string[];
}

export interface ReportStatus {
  endpoint: string;
  queued: number;
  lastError?: string;
  lastSent?: number;
  /** The policy sets an auth header; its value never leaves the background. */
  authSetByPolicy?: boolean;
  /** Firefox: reports wait for the user's consent to send browsing activity. */
  consentNeeded?: boolean;
}

export interface OptionsModel {
  settings: Omit<EffectiveSettings, 'inlineRules' | 'report'> & { inlineRuleCount: number; inlineRulesName?: string };
  policyErrors: string[];
  subscriptions: SubscriptionView[];
  customRules?: SourceRuleStatus;
  report: ReportStatus | null;
}

export function subscriptionViews(
  settings: EffectiveSettings,
  states: readonly SubscriptionState[],
  ruleStatus: readonly SourceRuleStatus[],
): SubscriptionView[] {
  const isPolicy = (s: SubscriptionSource) => settings.subscriptions.fromPolicy.some((p) => p.url === s.url);
  return settings.subscriptions.value.map((source) => {
    const state = states.find((s) => s.url === source.url);
    const status = ruleStatus.find((r) => r.key === `sub:${source.url}`);
    const view: SubscriptionView = {
      url: source.url,
      fromPolicy: isPolicy(source),
      pinned: source.sha256 !== undefined,
      // Once signed, always signed: the view says so, as the updater enforces it.
      requireSignature: source.requireSignature === true || settings.requireSignature.value || state?.signedRelease !== undefined,
      failures: state?.failures ?? 0,
    };
    if (source.name) view.name = source.name;
    if (state?.lastChecked !== undefined) view.lastChecked = state.lastChecked;
    if (state?.nextAttempt !== undefined) view.nextAttempt = state.nextAttempt;
    if (state?.error) view.error = state.error;
    const good = state?.lastGood;
    if (good) {
      view.inForce = { ruleCount: good.ruleCount, format: good.format, updatedAt: good.updatedAt, sha256: good.sha256 };
      if (good.signedBy) view.inForce.signedBy = good.signedBy;
      if (good.sequence !== undefined) view.inForce.sequence = good.sequence;
      if (good.expires) view.inForce.expires = good.expires;
    }
    if (status) {
      view.networkRules = status.rules;
      if (status.skipped.length) view.networkSkipped = status.skipped;
    }
    return view;
  });
}

export function optionsModel(
  settings: EffectiveSettings,
  policyErrors: string[],
  states: readonly SubscriptionState[],
  ruleStatus: readonly SourceRuleStatus[],
  report: ReportStatus | null,
): OptionsModel {
  // `report` holds the policy's auth header: the options page gets the status below instead.
  const { inlineRules, report: _report, ...rest } = settings;
  const model: OptionsModel = {
    settings: { ...rest, inlineRuleCount: inlineRules?.rules.length ?? 0 },
    policyErrors,
    subscriptions: subscriptionViews(settings, states, ruleStatus),
    report,
  };
  if (inlineRules) model.settings.inlineRulesName = inlineRules.name;
  const custom = ruleStatus.find((r) => r.key === 'custom');
  if (custom) model.customRules = custom;
  return model;
}
