import type { EffectiveSettings } from './types';
import type { TrustLevel } from './trust';

/**
 * Who may switch the page hook off for a site through an `@@…$document` rule. Such a rule
 * is an allowlist entry by another name: where the admin locks the mode or forbids user
 * allowlisting, only lists that speak for the admin may: policy inline rules, and policy
 * lists signed by a trusted key or pinned by hash.
 */
export function siteAllowFloor(settings: Pick<EffectiveSettings, 'mode' | 'allowlist'>): TrustLevel {
  return settings.mode.locked || settings.allowlist.locked ? 'admin-verified' : 'user';
}
