// A signature over the list's bytes alone can be replayed: an old release, or a list
// signed for another subscription, still verifies. The signature therefore covers a
// small manifest that names the subscription URL, a release number, an expiry and the
// body's SHA-256; the body is bound to it through the hash.
import { decodeBase64, signDetached, verifyDetached, type TrustedKey } from '../signing';

export const ENVELOPE_FORMAT = 'miner-sentry-signature';
export const ENVELOPE_VERSION = 2;
/** Domain separation: these signed bytes can never be mistaken for a signed list body. */
const SIGNED_PREFIX = 'miner-sentry list manifest v2\n';
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** A manifest is a handful of short fields; anything longer is not one. */
const MAX_MANIFEST_CHARS = 4096;

export interface ListManifest {
  /** The subscription URL the list was published for. */
  url: string;
  /** Release number; every accepted release must carry a higher one than the last. */
  sequence: number;
  /** ISO 8601 instant after which this release is refused. */
  expires: string;
  /** Lower-case hex SHA-256 of the exact list bytes. */
  sha256: string;
}

interface EnvelopeJson {
  format: typeof ENVELOPE_FORMAT;
  version: typeof ENVELOPE_VERSION;
  /** The manifest as the exact JSON text that was signed, so no re-serialisation can differ. */
  manifest: string;
  signature: string;
}

export type OpenedEnvelope = { ok: true; manifest: ListManifest; keyId: string } | { ok: false; reason: string };

function signedBytes(manifestText: string): Uint8Array {
  return new TextEncoder().encode(SIGNED_PREFIX + manifestText);
}

/** Why `m` is not a well-formed manifest, or null. */
export function manifestProblem(m: unknown): string | null {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return 'the manifest is not an object';
  const r = m as Record<string, unknown>;
  if (typeof r.url !== 'string' || !URL.canParse(r.url)) return 'the manifest has no valid url';
  if (!Number.isSafeInteger(r.sequence) || (r.sequence as number) < 1) return 'the manifest sequence must be a positive whole number';
  if (typeof r.expires !== 'string' || Number.isNaN(Date.parse(r.expires))) return 'the manifest has no valid expires date';
  if (typeof r.sha256 !== 'string' || !SHA256_HEX.test(r.sha256)) return 'the manifest sha256 must be 64 lower-case hex digits';
  return null;
}

export async function signEnvelope(manifest: ListManifest, privateKeyPkcs8B64: string): Promise<string> {
  const problem = manifestProblem(manifest);
  if (problem) throw new Error(problem);
  const manifestText = JSON.stringify({ url: manifest.url, sequence: manifest.sequence, expires: manifest.expires, sha256: manifest.sha256 });
  const signature = await signDetached(signedBytes(manifestText), privateKeyPkcs8B64);
  const envelope: EnvelopeJson = { format: ENVELOPE_FORMAT, version: ENVELOPE_VERSION, manifest: manifestText, signature };
  return `${JSON.stringify(envelope, null, 1)}\n`;
}

/** Checks the envelope's own signature; what the manifest says is judged by the caller. */
export async function openEnvelope(text: string, keys: readonly TrustedKey[]): Promise<OpenedEnvelope> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The bare base64 of earlier releases signed the body alone, which can be replayed.
    return decodeBase64(text)
      ? { ok: false, reason: 'an old-style signature of the list alone is not accepted; sign it again with `miner-sentry rules sign --url`' }
      : { ok: false, reason: 'the signature file is not a Miner Sentry signature' };
  }
  const e = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Partial<EnvelopeJson>;
  if (e.format !== ENVELOPE_FORMAT || e.version !== ENVELOPE_VERSION) return { ok: false, reason: `not a version ${ENVELOPE_VERSION} ${ENVELOPE_FORMAT} file` };
  if (typeof e.manifest !== 'string' || e.manifest.length > MAX_MANIFEST_CHARS || typeof e.signature !== 'string') {
    return { ok: false, reason: 'the signature file lacks a manifest or a signature' };
  }
  const verified = await verifyDetached(signedBytes(e.manifest), e.signature, keys);
  if (!verified.ok || !verified.keyId) return { ok: false, reason: verified.reason };
  let manifest: unknown;
  try {
    manifest = JSON.parse(e.manifest);
  } catch {
    return { ok: false, reason: 'the signed manifest is not JSON' };
  }
  const problem = manifestProblem(manifest);
  if (problem) return { ok: false, reason: problem };
  return { ok: true, manifest: manifest as ListManifest, keyId: verified.keyId };
}
