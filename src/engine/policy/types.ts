// What an admin can push through managed storage, what a user can choose, and what
// results when both are combined. All plain JSON: the background keeps them in storage.
import type { EnforcementMode } from '../protocol';
import type { RuleList } from '../types';
import type { TrustedKey } from '../signing';

export type { TrustedKey };

export interface SubscriptionSource {
  url: string;
  name?: string;
  /** Lower-case hex digest the list must have; pins one exact version. */
  sha256?: string;
  requireSignature?: boolean;
  /** Where the detached signature lives when it is not `<url>.sig`. */
  sigUrl?: string;
}

/** Every field is optional: absent means the admin did not set it. */
export interface Policy {
  subscriptions?: SubscriptionSource[];
  inlineRules?: RuleList;
  trustedKeys?: TrustedKey[];
  /** Every subscription, the user's included, must carry a valid signature by a trusted key. */
  requireSignature?: boolean;
  mode?: EnforcementMode;
  lockMode?: boolean;
  allowlist?: string[];
  allowUserAllowlist?: boolean;
  updateIntervalMinutes?: number;
  reportEndpoint?: string;
  reportAuthHeader?: string;
  /** Reports keep query and fragment of URLs; by default they are stripped. */
  reportFullUrls?: boolean;
  allowUserDisable?: boolean;
}

/** What the user chose in the popup or options page; absent means never chosen. */
export interface UserSettings {
  mode?: EnforcementMode;
  siteModes?: Record<string, EnforcementMode>;
  allowlist?: string[];
  subscriptions?: SubscriptionSource[];
  customRules?: string;
  notifications?: boolean;
  retentionDays?: number;
}

export type SettingSource = 'policy' | 'user' | 'default';

export interface Setting<T> {
  value: T;
  /** The user cannot change it (the options page shows it read-only). */
  locked: boolean;
  source: SettingSource;
}

/** A list whose entries come partly from the admin; those entries cannot be removed by the user. */
export interface MergedSetting<T> extends Setting<T[]> {
  fromPolicy: T[];
}

export interface ModeSetting extends Setting<EnforcementMode> {
  /** Modes the user may pick; 'off' is missing when the admin forbids disabling. */
  choices: EnforcementMode[];
}

export interface ReportTarget {
  endpoint: string;
  authHeader?: string;
  /** The policy's `reportFullUrls`: send URLs with query and fragment. */
  fullUrls?: boolean;
}

export interface EffectiveSettings {
  /** Some policy is in force (the UI says "managed by your organisation"). */
  managed: boolean;
  mode: ModeSetting;
  siteModes: Setting<Record<string, EnforcementMode>>;
  allowlist: MergedSetting<string>;
  subscriptions: MergedSetting<SubscriptionSource>;
  inlineRules: RuleList | null;
  customRules: Setting<string>;
  trustedKeys: TrustedKey[];
  /** Policy-wide: no subscription is accepted without a valid signature. */
  requireSignature: Setting<boolean>;
  updateIntervalMinutes: Setting<number>;
  notifications: Setting<boolean>;
  retentionDays: Setting<number>;
  report: ReportTarget | null;
}
