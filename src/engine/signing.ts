// Detached Ed25519 signatures over exact bytes. Subscriptions sign a manifest that names
// the list (subscriptions/envelope.ts), never the list alone, which could be replayed.
// WebCrypto has Ed25519 in Node 20, Chrome 137+ and Firefox 129+, so the extension, the
// CLI and the tests share one implementation and no crypto library ships in the bundle.
import { hashBytes } from './hash';

export interface TrustedKey {
  /** A name the admin recognises in reports ("it-2025"). */
  id: string;
  /** Raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
}

export interface VerifyResult {
  ok: boolean;
  keyId?: string;
  reason: string;
}

export interface KeyPair {
  /** Raw 32-byte public key, base64. */
  publicKey: string;
  /** PKCS #8 private key, base64. */
  privateKey: string;
}

const ED25519 = { name: 'Ed25519' };
const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

export const ED25519_UNSUPPORTED =
  'this environment has no Ed25519 in WebCrypto (needs Chrome 137+, Firefox 129+ or Node 20+)';

/** Tolerates surrounding whitespace and line breaks, as in a `.sig` file saved by an editor. */
export function decodeBase64(text: string): Uint8Array | null {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return null;
  try {
    const binary = atob(compact);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Why `publicKey` cannot be a trusted key, or null when it can. */
export function publicKeyProblem(publicKey: unknown): string | null {
  if (typeof publicKey !== 'string') return 'publicKey must be a base64 string';
  const raw = decodeBase64(publicKey);
  if (!raw) return 'publicKey is not valid base64';
  if (raw.length !== PUBLIC_KEY_BYTES) return `publicKey must be ${PUBLIC_KEY_BYTES} raw bytes, got ${raw.length}`;
  return null;
}

export function sha256Hex(bytes: Uint8Array): string {
  return hashBytes(bytes, ['sha256']).sha256 as string;
}

function subtle(): SubtleCrypto | null {
  return globalThis.crypto?.subtle ?? null;
}

/** WebCrypto reports a missing algorithm as NotSupportedError, which must not read as "bad signature". */
function isUnsupported(err: unknown): boolean {
  return err instanceof Error && err.name === 'NotSupportedError';
}

export async function verifyDetached(
  bytes: Uint8Array,
  signatureB64: string,
  keys: readonly TrustedKey[],
): Promise<VerifyResult> {
  const crypto = subtle();
  if (!crypto) return { ok: false, reason: ED25519_UNSUPPORTED };
  const signature = decodeBase64(signatureB64);
  if (!signature) return { ok: false, reason: 'signature is not valid base64' };
  if (signature.length !== SIGNATURE_BYTES) {
    return { ok: false, reason: `signature must be ${SIGNATURE_BYTES} bytes, got ${signature.length}` };
  }
  if (keys.length === 0) return { ok: false, reason: 'no trusted keys are configured' };
  const data = new Uint8Array(bytes);
  const unusable: string[] = [];
  for (const key of keys) {
    const raw = publicKeyProblem(key.publicKey) === null ? decodeBase64(key.publicKey) : null;
    if (!raw) {
      unusable.push(key.id);
      continue;
    }
    try {
      const publicKey = await crypto.importKey('raw', new Uint8Array(raw), ED25519, false, ['verify']);
      if (await crypto.verify(ED25519, publicKey, new Uint8Array(signature), data)) {
        return { ok: true, keyId: key.id, reason: `signed by trusted key "${key.id}"` };
      }
    } catch (err) {
      if (isUnsupported(err)) return { ok: false, reason: ED25519_UNSUPPORTED };
      unusable.push(key.id);
    }
  }
  const tried = keys.length - unusable.length;
  const note = unusable.length ? `; unusable keys: ${unusable.join(', ')}` : '';
  return { ok: false, reason: `signature does not match any trusted key (${tried} tried${note})` };
}

/** Returns the base64 signature. Throws with a readable message: only the CLI signs. */
export async function signDetached(bytes: Uint8Array, privateKeyPkcs8B64: string): Promise<string> {
  const crypto = subtle();
  if (!crypto) throw new Error(ED25519_UNSUPPORTED);
  const pkcs8 = decodeBase64(privateKeyPkcs8B64);
  if (!pkcs8) throw new Error('private key is not valid base64');
  let privateKey: CryptoKey;
  try {
    privateKey = await crypto.importKey('pkcs8', new Uint8Array(pkcs8), ED25519, false, ['sign']);
  } catch (err) {
    if (isUnsupported(err)) throw new Error(ED25519_UNSUPPORTED);
    throw new Error('private key is not a PKCS #8 Ed25519 key');
  }
  const signature = await crypto.sign(ED25519, privateKey, new Uint8Array(bytes));
  return encodeBase64(new Uint8Array(signature));
}

export async function generateKeyPair(): Promise<KeyPair> {
  const crypto = subtle();
  if (!crypto) throw new Error(ED25519_UNSUPPORTED);
  let pair: CryptoKeyPair;
  try {
    pair = (await crypto.generateKey(ED25519, true, ['sign', 'verify'])) as CryptoKeyPair;
  } catch (err) {
    if (isUnsupported(err)) throw new Error(ED25519_UNSUPPORTED);
    throw err;
  }
  const publicKey = new Uint8Array(await crypto.exportKey('raw', pair.publicKey));
  const privateKey = new Uint8Array(await crypto.exportKey('pkcs8', pair.privateKey));
  return { publicKey: encodeBase64(publicKey), privateKey: encodeBase64(privateKey) };
}
