// Who may overrule whom. Every rule source has a trust level; an allow rule only
// overrides blocks from its own level or below, so a user's "My rules" or a subscribed
// list cannot unblock what the organisation's lists block (issue 9, attack 3).

/** Lowest first. */
export const TRUST_LEVELS = ['user', 'subscription', 'bundled', 'admin', 'admin-verified'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

/**
 * A source's blocks and allows can rank differently: a policy-listed subscription that is
 * neither signed nor pinned blocks with the admin's authority, but whoever controls its
 * server must not be able to lift the admin's blocks with it.
 */
export interface SourceTrust { block: TrustLevel; allow: TrustLevel }

export const rank = (level: TrustLevel): number => TRUST_LEVELS.indexOf(level) + 1;

/**
 * declarativeNetRequest priorities: block at level L gets 2L-1 and allow gets 2L, so an
 * allow beats blocks of its own level and below (DNR prefers allow on a tie anyway) and
 * loses to every block of a higher level.
 */
export function dnrPriority(kind: 'block' | 'allow', level: TrustLevel): number {
  return kind === 'block' ? 2 * rank(level) - 1 : 2 * rank(level);
}

/** Above every list priority: the site allowlist (already governed by policy) and nothing else. */
export const MAX_LIST_PRIORITY = dnrPriority('allow', 'admin-verified');

export const TRUST = {
  /** "My rules" typed in the options page. */
  user: { block: 'user', allow: 'user' },
  /** Lists the user subscribed to. */
  subscription: { block: 'subscription', allow: 'subscription' },
  /** Lists shipped in the extension. */
  bundled: { block: 'bundled', allow: 'bundled' },
  /** Policy-listed subscription without a signature or pin: its allows rank as a bundled list's. */
  adminUnverified: { block: 'admin', allow: 'bundled' },
  /** Rules in the policy itself, or a policy-listed list signed by a trusted key or pinned by hash. */
  admin: { block: 'admin-verified', allow: 'admin-verified' },
} as const satisfies Record<string, SourceTrust>;

/** `allow` lifts `block` only when it ranks at least as high. */
export function allowOverrides(allow: TrustLevel, block: TrustLevel): boolean {
  return rank(allow) >= rank(block);
}
