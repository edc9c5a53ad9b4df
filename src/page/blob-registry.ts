// A page may revoke a blob: URL right after `new Worker(url)`: natively fine, since the
// browser resolved the blob at construction. An instrumented worker loads the original
// script later, from inside the wrapper, so the hook keeps the Blob behind every object
// URL and gives the wrapper an object URL of its own for it.
import { disguise, replaceValue } from './native-disguise';
import { apply, getterOf } from './intrinsics';

/** Object URLs remembered at once; the oldest is forgotten first. */
export const MAX_REMEMBERED = 256;

const blobs: Record<string, Blob> = Object.create(null);
const order: string[] = [];
let oldest = 0;

export function blobBehind(url: string): Blob | undefined {
  return blobs[url];
}

type Fn = (...args: never[]) => unknown;

export function installBlobRegistry(win: typeof globalThis): void {
  const NativeURL = win.URL;
  const create = NativeURL?.createObjectURL;
  const revoke = NativeURL?.revokeObjectURL;
  if (typeof create !== 'function' || typeof revoke !== 'function' || typeof win.Blob !== 'function') return;
  // The getter is the brand check: it throws for a MediaSource or a look-alike.
  const readSize = getterOf(win.Blob.prototype, 'size')!;

  const wrappers = {
    createObjectURL(this: unknown, ...args: unknown[]): unknown {
      const url = apply(create, this, args) as string;
      try {
        apply(readSize, args[0], []);
        blobs[url] = args[0] as Blob;
        order[order.length] = url;
        if (order.length - oldest > MAX_REMEMBERED) delete blobs[order[oldest++]!];
      } catch {
        // Not a Blob: nothing a worker could load.
      }
      return url;
    },
    revokeObjectURL(this: unknown, ...args: unknown[]): unknown {
      if (typeof args[0] === 'string') delete blobs[args[0]];
      return apply(revoke, this, args);
    },
  };
  replaceValue(NativeURL, 'createObjectURL', disguise(wrappers.createObjectURL, create as Fn));
  replaceValue(NativeURL, 'revokeObjectURL', disguise(wrappers.revokeObjectURL, revoke as Fn));
}
