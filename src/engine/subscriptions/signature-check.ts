import type { TrustedKey } from '../signing';
import type { SubscriptionSource } from '../policy/types';
import { openEnvelope } from './envelope';
import { manifestRefusal, type SignedRelease } from './manifest-check';
import { readCapped } from './read-body';

/** A manifest envelope is a few hundred bytes; a wrong URL must not flood memory. */
const MAX_SIGNATURE_BYTES = 8192;

/** `<url>.sig` on the path, so a query string (`?v=2`) stays where the server expects it. */
export function signatureUrl(source: SubscriptionSource): string {
  if (source.sigUrl) return source.sigUrl;
  const u = new URL(source.url);
  u.pathname += '.sig';
  return u.toString();
}

export type SignatureOutcome =
  | { ok: true; signed?: { keyId: string; sequence: number; expires: string } }
  | { ok: false; message: string };

export interface SignatureTerms {
  /** The admin requires it, the entry requires it, or the list was signed before. */
  required: boolean;
  /** SHA-256 of the body downloaded. */
  sha256: string;
  now: number;
  last?: SignedRelease;
}

/**
 * With trusted keys configured, a signature the server offers must verify even when
 * none is required: a bad one means tampering, not an unsigned list. A missing one
 * only fails when a signature is required.
 */
export async function checkSignature(
  source: SubscriptionSource,
  deps: { fetch: typeof fetch; trustedKeys: readonly TrustedKey[] },
  terms: SignatureTerms,
): Promise<SignatureOutcome> {
  const { required } = terms;
  if (deps.trustedKeys.length === 0) {
    return required ? { ok: false, message: 'a signature is required but no trusted keys are configured' } : { ok: true };
  }
  const url = signatureUrl(source);
  let res: Response;
  try {
    res = await deps.fetch(url, { cache: 'no-cache', credentials: 'omit' });
  } catch (err) {
    return required ? { ok: false, message: `signature ${url} could not be fetched: ${(err as Error).message}` } : { ok: true };
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    return required ? { ok: false, message: `a signature is required but ${url} answered HTTP ${res.status}` } : { ok: true };
  }
  const body = await readCapped(res, MAX_SIGNATURE_BYTES).catch((err: Error) => err);
  if (body instanceof Error) return { ok: false, message: `signature ${url} broke off while downloading: ${body.message}` };
  if (!body) return { ok: false, message: `${url} is too large to be a signature` };
  const opened = await openEnvelope(new TextDecoder().decode(body), deps.trustedKeys);
  if (!opened.ok) return { ok: false, message: `${url}: ${opened.reason}` };
  const refusal = manifestRefusal(opened.manifest, { url: source.url, sha256: terms.sha256, now: terms.now, last: terms.last });
  if (refusal) return { ok: false, message: `${url}: ${refusal}` };
  const { sequence, expires } = opened.manifest;
  return { ok: true, signed: { keyId: opened.keyId, sequence, expires } };
}
