import { sha256 } from '@noble/hashes/sha2.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { HashAlgorithm, Hashes } from './types';

// Synchronous on purpose: `new WebAssembly.Module(bytes)` is synchronous, so the hook
// must decide before it returns and cannot await crypto.subtle.
const digesters: Record<HashAlgorithm, (b: Uint8Array) => Uint8Array> = { sha256, sha1, md5 };

export function hashBytes(bytes: Uint8Array, algorithms: readonly HashAlgorithm[] = ['sha256']): Hashes {
  const out: Hashes = {};
  for (const a of algorithms) out[a] = bytesToHex(digesters[a](bytes));
  return out;
}
