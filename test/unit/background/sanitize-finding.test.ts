import { describe, expect, it } from 'vitest';
import { sanitizeFinding } from '../../../src/background/sanitize-finding';

const base = { kind: 'worker', verdict: 'suspicious', action: 'reported', reason: 'r', time: 5 };

describe('sanitizeFinding', () => {
  it('copies known fields and drops everything else', () => {
    const out = sanitizeFinding({ ...base, url: 'https://x.test/w.js', tabId: 9, frameId: 9, id: 'x', evil: { a: 1 } });
    expect(out).toEqual({ ...base, url: 'https://x.test/w.js' });
  });

  it('rejects unknown enums and missing fields', () => {
    expect(sanitizeFinding({ ...base, kind: 'rootkit' })).toBeNull();
    expect(sanitizeFinding({ ...base, action: 'deleted' })).toBeNull();
    expect(sanitizeFinding({ ...base, time: Number.NaN })).toBeNull();
    expect(sanitizeFinding({ ...base, reason: undefined })).toBeNull();
    expect(sanitizeFinding('ms:finding')).toBeNull();
  });

  it('caps sizes and keeps only well-formed digests', () => {
    const out = sanitizeFinding({
      ...base,
      reason: 'x'.repeat(50_000),
      primitives: Array.from({ length: 100 }, (_, i) => `p${i}`).concat([{} as never]),
      hashes: { sha256: 'a'.repeat(64), md5: 'not-hex' },
    })!;
    expect(out.reason.length).toBe(1000);
    expect(out.primitives).toHaveLength(32);
    expect(out.hashes).toEqual({ sha256: 'a'.repeat(64) });
  });
});
