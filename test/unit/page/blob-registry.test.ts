import { describe, expect, it } from 'vitest';
import { blobBehind, installBlobRegistry, MAX_REMEMBERED } from '../../../src/page/blob-registry';

/** A realm whose URL statics can be patched without touching Node's own. */
function realm() {
  let n = 0;
  const revoked: string[] = [];
  const URLs = {
    createObjectURL: (_: unknown) => `blob:https://site.example/${++n}`,
    revokeObjectURL: (url: string) => { revoked.push(url); },
  };
  const win = { URL: URLs, Blob } as unknown as typeof globalThis;
  installBlobRegistry(win);
  return { URL: URLs, revoked };
}

describe('blob registry', () => {
  it('remembers the Blob behind an object URL until the page revokes it, and still revokes natively', () => {
    const { URL, revoked } = realm();
    const blob = new Blob(['postMessage(1)']);
    const url = URL.createObjectURL(blob);
    expect(blobBehind(url)).toBe(blob);
    URL.revokeObjectURL(url);
    expect(blobBehind(url)).toBeUndefined();
    expect(revoked).toEqual([url]);
  });

  it('ignores what is not a Blob, and forgets the oldest beyond its cap', () => {
    const { URL } = realm();
    const notBlob = URL.createObjectURL({ size: 1 });
    expect(blobBehind(notBlob)).toBeUndefined();
    const first = URL.createObjectURL(new Blob(['a']));
    for (let i = 0; i < MAX_REMEMBERED; i++) URL.createObjectURL(new Blob(['b']));
    expect(blobBehind(first)).toBeUndefined();
  });

  it('keeps the native names, so the wrappers do not stand out', () => {
    const { URL } = realm();
    expect(URL.createObjectURL.name).toBe('createObjectURL');
    expect(URL.revokeObjectURL.name).toBe('revokeObjectURL');
  });
});
