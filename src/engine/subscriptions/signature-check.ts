import { verifyDetached, type TrustedKey } from '../signing';
import type { SubscriptionSource } from '../policy/types';
import { readCapped } from './read-body';

/** Generous for 88 characters of base64, small enough that a wrong URL cannot flood memory. */
const MAX_SIGNATURE_BYTES = 4096;

/** `<url>.sig` on the path, so a query string (`?v=2`) stays where the server expects it. */
export function signatureUrl(source: SubscriptionSource): string {
  if (source.sigUrl) return source.sigUrl;
  const u = new URL(source.url);
  u.pathname += '.sig';
  return u.toString();
}

export type SignatureOutcome = { ok: true; keyId?: string } | { ok: false; message: string };

/**
 * With trusted keys configured, a signature the server offers must verify even when
 * none is required: a bad one means tampering, not an unsigned list. A missing one
 * only fails when a signature is required.
 */
export async function checkSignature(
  source: SubscriptionSource,
  bytes: Uint8Array,
  deps: { fetch: typeof fetch; trustedKeys: readonly TrustedKey[] },
  required: boolean,
): Promise<SignatureOutcome> {
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
  const result = await verifyDetached(bytes, new TextDecoder().decode(body), deps.trustedKeys);
  return result.ok ? { ok: true, keyId: result.keyId } : { ok: false, message: `${url}: ${result.reason}` };
}
