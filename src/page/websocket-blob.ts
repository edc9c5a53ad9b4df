// A Blob frame's bytes can only be read asynchronously. Blobs are immutable, so the
// bytes read later are exactly the bytes the browser would send.
import { apply, getterOf, NativeUint8Array, promiseThen } from './intrinsics';
import type { HookedWindow } from './hook-context';

export type BlobReader = (value: unknown) => Promise<Uint8Array> | null;

/** A reader bound to the realm's own Blob; null for values that are not Blobs (the size getter is the brand check). */
export function blobReader(win: HookedWindow): BlobReader {
  const proto = (win as unknown as { Blob?: { prototype: Blob } }).Blob?.prototype;
  const size = getterOf(proto, 'size');
  const arrayBuffer = proto?.arrayBuffer;
  return (value) => {
    if (!size || typeof arrayBuffer !== 'function' || typeof value !== 'object' || value === null) return null;
    try {
      apply(size, value, []);
    } catch {
      return null;
    }
    const read = apply(arrayBuffer, value, []) as Promise<ArrayBuffer>;
    return apply(promiseThen, read, [(buf: ArrayBuffer) => new NativeUint8Array(buf)]) as Promise<Uint8Array>;
  };
}
