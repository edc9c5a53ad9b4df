// A subscription's state is plain JSON kept in storage.local by the background, so
// an update survives service-worker restarts and the options page can show it as is.
import type { RuleList } from '../types';
import type { SubscriptionSource } from '../policy/types';
import type { TrustedKey } from '../signing';
import type { SignedRelease } from './manifest-check';

export type { SignedRelease };

export type SubscriptionErrorKind = 'http' | 'network' | 'signature' | 'hash' | 'validation' | 'size' | 'encoding';

export interface SubscriptionError {
  kind: SubscriptionErrorKind;
  /** A sentence for the options page, e.g. `line 12: pattern: unbalanced parenthesis`. */
  message: string;
  /** First offending line of the list (validation errors). */
  line?: number;
  /** HTTP status (http errors). */
  status?: number;
  at: number;
}

/** The last list that passed every check; only a full success replaces it. */
export interface LastGood {
  list: RuleList;
  format: 'native' | 'abp' | 'hosts';
  sha256: string;
  ruleCount: number;
  /** Lines the importer left out (cosmetic filters and the like), not errors. */
  skippedLines: number;
  etag?: string;
  lastModified?: string;
  /** Id of the trusted key that signed it; absent when it was accepted unsigned. */
  signedBy?: string;
  /** The signed manifest's release number and expiry (signed lists only). */
  sequence?: number;
  expires?: string;
  updatedAt: number;
}

export interface SubscriptionState extends SubscriptionSource {
  lastGood?: LastGood;
  /**
   * The highest signed release ever accepted. Kept apart from `lastGood` so that dropping
   * a list (a key withdrawn) does not reopen the door to unsigned or older releases:
   * once signed, always signed, and never an older sequence.
   */
  signedRelease?: SignedRelease;
  lastChecked?: number;
  /** Failed attempts since the last success; drives the backoff. */
  failures: number;
  error?: SubscriptionError;
  /** Epoch ms of the next attempt. */
  nextAttempt: number;
}

export interface UpdateDeps {
  fetch: typeof fetch;
  now: () => number;
  trustedKeys: readonly TrustedKey[];
  /** The admin requires signatures on every list, whatever each entry says. */
  requireSignature: boolean;
  /** Regular check interval; defaults to a day. */
  intervalMinutes?: number;
  /** In [0, 1); spreads clients' retries so a recovering server is not hit all at once. */
  random?: () => number;
  /** Largest list body accepted, in bytes. */
  maxBytes?: number;
}
