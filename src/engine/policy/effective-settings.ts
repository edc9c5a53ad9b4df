// Policy beats user: an admin value either locks a setting or, where the admin left
// room, becomes the default the user may still change. UIs read `locked` and `source`
// to show a setting read-only with "set by your organisation".
import type { EnforcementMode } from '../protocol';
import type { EffectiveSettings, MergedSetting, ModeSetting, Policy, Setting, SettingSource, SubscriptionSource, UserSettings } from './types';
import {
  DEFAULT_RETENTION_DAYS,
  DEFAULT_UPDATE_INTERVAL_MINUTES,
  MAX_RETENTION_DAYS,
  MIN_RETENTION_DAYS,
} from './limits';

export const DEFAULT_MODE: EnforcementMode = 'block';
const ALL_MODES: readonly EnforcementMode[] = ['block', 'report-only', 'off'];

function modeSetting(policy: Policy, user: UserSettings): ModeSetting {
  if (policy.lockMode) {
    const value = policy.mode ?? DEFAULT_MODE;
    return { value, locked: true, source: 'policy', choices: [value] };
  }
  const choices = ALL_MODES.filter((m) => m !== 'off' || policy.allowUserDisable !== false);
  if (user.mode !== undefined && choices.includes(user.mode)) return { value: user.mode, locked: false, source: 'user', choices };
  if (policy.mode !== undefined) return { value: policy.mode, locked: false, source: 'policy', choices };
  return { value: DEFAULT_MODE, locked: false, source: 'default', choices };
}

function siteModesSetting(policy: Policy, user: UserSettings, choices: readonly EnforcementMode[]): Setting<Record<string, EnforcementMode>> {
  // A locked mode must hold on every site, or a per-site override would undo the lock.
  if (policy.lockMode) return { value: {}, locked: true, source: 'policy' };
  const value: Record<string, EnforcementMode> = {};
  for (const [host, mode] of Object.entries(user.siteModes ?? {})) if (choices.includes(mode)) value[host] = mode;
  return { value, locked: false, source: Object.keys(value).length ? 'user' : 'default' };
}

function allowlistSetting(policy: Policy, user: UserSettings): MergedSetting<string> {
  const userAllowed = policy.allowUserAllowlist !== false;
  const fromPolicy = policy.allowlist ?? [];
  const fromUser = userAllowed ? (user.allowlist ?? []).filter((h) => typeof h === 'string') : [];
  const value = [...new Set([...fromPolicy, ...fromUser])];
  const source: SettingSource = policy.allowlist !== undefined || !userAllowed ? 'policy' : fromUser.length ? 'user' : 'default';
  return { value, fromPolicy, locked: !userAllowed, source };
}

function subscriptionsSetting(policy: Policy, user: UserSettings): MergedSetting<SubscriptionSource> {
  const fromPolicy = policy.subscriptions ?? [];
  // The admin's entry wins for a shared URL: it may carry a pin or a signature requirement.
  const fromUser = (user.subscriptions ?? []).filter((s) => !fromPolicy.some((p) => p.url === s.url));
  const source: SettingSource = fromPolicy.length ? 'policy' : fromUser.length ? 'user' : 'default';
  return { value: [...fromPolicy, ...fromUser], fromPolicy, locked: false, source };
}

function userValue<T>(value: T | undefined, fallback: T, valid: (v: T) => boolean): Setting<T> {
  return value !== undefined && valid(value)
    ? { value, locked: false, source: 'user' }
    : { value: fallback, locked: false, source: 'default' };
}

export function effectiveSettings(policy: Policy, user: UserSettings): EffectiveSettings {
  const mode = modeSetting(policy, user);
  const interval = policy.updateIntervalMinutes;
  return {
    managed: Object.keys(policy).length > 0,
    mode,
    siteModes: siteModesSetting(policy, user, mode.choices),
    allowlist: allowlistSetting(policy, user),
    subscriptions: subscriptionsSetting(policy, user),
    inlineRules: policy.inlineRules ?? null,
    customRules: userValue(user.customRules, '', (v) => typeof v === 'string'),
    trustedKeys: policy.trustedKeys ?? [],
    requireSignature: policy.requireSignature === true
      ? { value: true, locked: true, source: 'policy' }
      : { value: false, locked: policy.requireSignature === false, source: policy.requireSignature === false ? 'policy' : 'default' },
    updateIntervalMinutes: interval !== undefined
      ? { value: interval, locked: true, source: 'policy' }
      : { value: DEFAULT_UPDATE_INTERVAL_MINUTES, locked: false, source: 'default' },
    notifications: userValue(user.notifications, false, (v) => typeof v === 'boolean'),
    retentionDays: userValue(user.retentionDays, DEFAULT_RETENTION_DAYS,
      (v) => Number.isInteger(v) && v >= MIN_RETENTION_DAYS && v <= MAX_RETENTION_DAYS),
    report: policy.reportEndpoint !== undefined
      ? {
        endpoint: policy.reportEndpoint,
        ...(policy.reportAuthHeader !== undefined ? { authHeader: policy.reportAuthHeader } : {}),
        ...(policy.reportFullUrls === true ? { fullUrls: true } : {}),
      }
      : null,
  };
}
