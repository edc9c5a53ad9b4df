import type { ListManifest } from './envelope';

/** The highest signed release accepted for a subscription; kept even when the list itself is dropped. */
export interface SignedRelease { sequence: number; sha256: string }

export interface ManifestTerms {
  /** The subscription URL the list was fetched for. */
  url: string;
  /** SHA-256 of the body actually downloaded. */
  sha256: string;
  now: number;
  last?: SignedRelease;
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

/**
 * Why a correctly signed manifest still does not vouch for this download, or null.
 * Each check closes one replay: another subscription's list, an old release, a body
 * swapped under a valid manifest, a release the publisher meant to retire.
 */
export function manifestRefusal(m: ListManifest, terms: ManifestTerms): string | null {
  if (!sameUrl(m.url, terms.url)) return `the list was signed for ${m.url}, not for this subscription`;
  if (m.sha256 !== terms.sha256) return `the signed manifest names sha256 ${m.sha256}, but the list downloaded has ${terms.sha256}`;
  if (Date.parse(m.expires) <= terms.now) return `the signed release expired on ${m.expires}`;
  const last = terms.last;
  if (last && m.sequence < last.sequence) {
    return `sequence ${m.sequence} is older than release ${last.sequence} already accepted (a replayed list)`;
  }
  if (last && m.sequence === last.sequence && m.sha256 !== last.sha256) {
    return `sequence ${m.sequence} was already accepted for a different list`;
  }
  return null;
}
