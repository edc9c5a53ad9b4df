// Digests for the async WebAssembly paths. `crypto.subtle` hashes off the main thread and
// natively, many times faster than the JS hash on a large module; it exists only in secure
// contexts (and has no MD5), so the JS hash remains the fallback. Captured at install,
// before page code can replace `crypto.subtle` or `SubtleCrypto.prototype.digest`.
import { engine } from './engine';
import type { HashAlgorithm, Hashes } from '../engine/types';
import { apply, getterOf, NativePromise, NativeUint8Array } from './intrinsics';
import { pristine } from './realm-guard';
import { bare, seal, whenSettled } from './sealed-promise';

export type Digest = (bytes: Uint8Array, algorithms: readonly HashAlgorithm[]) => Promise<Hashes>;

// Outside the realm guard: no prototype, so a page getter for `md5` cannot name a digest.
const SUBTLE_NAMES: Partial<Record<HashAlgorithm, string>> = bare({ sha256: 'SHA-256', sha1: 'SHA-1' });
const hexDigits = '0123456789abcdef';

function hex(buffer: ArrayBuffer): string {
  return pristine(() => hexOf(buffer));
}

function hexOf(buffer: ArrayBuffer): string {
  const bytes = new NativeUint8Array(buffer);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += hexDigits[bytes[i]! >> 4]! + hexDigits[bytes[i]! & 15]!;
  return out;
}

/** The platform digest of `bytes`, or null when it cannot give one. */
function subtleDigest(subtle: object, digest: (...a: unknown[]) => unknown, name: string, bytes: Uint8Array): Promise<string | null> {
  return seal(new NativePromise<string | null>((resolve) => {
    try {
      whenSettled(apply(digest, subtle, [name, bytes]) as Promise<ArrayBuffer>, (b) => {
        try {
          resolve(hex(b));
        } catch {
          resolve(null); // tampered: the JS hash below says so
        }
      }, () => resolve(null));
    } catch {
      resolve(null);
    }
  }));
}

export function createDigest(realm: typeof globalThis): Digest {
  let subtle: object | undefined;
  let digest: ((...a: unknown[]) => unknown) | undefined;
  try {
    const readSubtle = getterOf(realm.crypto, 'subtle');
    subtle = readSubtle ? apply(readSubtle, realm.crypto, []) as object | undefined : undefined;
    digest = subtle ? (realm.SubtleCrypto?.prototype.digest as ((...a: unknown[]) => unknown) | undefined) : undefined;
  } catch {
    subtle = undefined;
  }
  return async (bytes, algorithms) => {
    // Resolving with an object reads its `then`: ours has no prototype to find one on.
    const out: Hashes = bare({});
    // All digests are started before any is awaited, so they run side by side.
    const pending: (Promise<string | null> | null)[] = bare([]);
    for (let i = 0; i < algorithms.length; i++) {
      const name = SUBTLE_NAMES[algorithms[i]!];
      pending[i] = subtle && digest && name ? subtleDigest(subtle, digest, name, bytes) : null;
    }
    for (let i = 0; i < algorithms.length; i++) {
      const a = algorithms[i]!;
      const native = pending[i] ? await pending[i] : null;
      out[a] = native ?? pristine(() => engine().hashBytes(bytes, [a])[a]);
    }
    return out;
  };
}
