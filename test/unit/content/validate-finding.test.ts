import { describe, expect, it } from 'vitest';
import { FINDING_LIMITS, validateFinding } from '../../../src/content/validate-finding';

const NOW = 1_700_000_000_000;
const good = {
  kind: 'wasm', verdict: 'miner', action: 'blocked', reason: 'miner (CryptoNight: AES+Keccak)',
  ruleId: 'nocoin-12', primitives: ['AES', 'Keccak'], url: 'https://pool.example/cn.wasm',
  frameUrl: 'https://site.example/', context: 'page',
  hashes: { sha256: 'a'.repeat(64), sha1: 'b'.repeat(40), md5: 'c'.repeat(32) },
  api: 'WebAssembly.instantiateStreaming', time: 5,
};

describe('validateFinding', () => {
  it('keeps a good finding and stamps the bridge time', () => {
    expect(validateFinding(good, NOW)).toEqual({ ...good, time: NOW });
  });

  it('keeps a minimal finding', () => {
    expect(validateFinding({ kind: 'websocket', verdict: 'suspicious', action: 'reported', reason: 'r' }, NOW))
      .toEqual({ kind: 'websocket', verdict: 'suspicious', action: 'reported', reason: 'r', time: NOW });
  });

  it('returns a fresh object, not the input', () => {
    const out = validateFinding(good, NOW);
    expect(out).not.toBe(good);
    expect(out!.primitives).not.toBe(good.primitives);
  });

  it.each([
    ['not an object', 'finding'],
    ['an array', [good]],
    ['null', null],
    ['unknown kind', { ...good, kind: 'cookie' }],
    ['unknown verdict', { ...good, verdict: 'evil' }],
    ['action the page may not claim', { ...good, action: 'allowed' }],
    ['unknown action', { ...good, action: 'ignored' }],
    ['missing reason', { ...good, reason: undefined }],
    ['empty reason', { ...good, reason: '' }],
    ['reason too long', { ...good, reason: 'r'.repeat(FINDING_LIMITS.reason + 1) }],
    ['reason with control characters', { ...good, reason: 'a\u0000b' }],
    ['reason not a string', { ...good, reason: 42 }],
    ['url too long', { ...good, url: `https://x.example/${'a'.repeat(FINDING_LIMITS.url)}` }],
    ['url not a string', { ...good, url: {} }],
    ['frameUrl too long', { ...good, frameUrl: 'f'.repeat(FINDING_LIMITS.url + 1) }],
    ['ruleId too long', { ...good, ruleId: 'i'.repeat(FINDING_LIMITS.ruleId + 1) }],
    ['ruleId empty', { ...good, ruleId: '' }],
    ['api too long', { ...good, api: 'a'.repeat(FINDING_LIMITS.api + 1) }],
    ['unknown context', { ...good, context: 'extension' }],
    ['too many primitives', { ...good, primitives: Array.from({ length: 33 }, (_, i) => `p${i}`) }],
    ['primitive not a string', { ...good, primitives: ['AES', 7] }],
    ['primitive too long', { ...good, primitives: ['x'.repeat(FINDING_LIMITS.primitiveName + 1)] }],
    ['primitives not an array', { ...good, primitives: 'AES' }],
    ['hash of wrong length', { ...good, hashes: { sha256: 'a'.repeat(63) } }],
    ['hash not hex', { ...good, hashes: { sha1: 'g'.repeat(40) } }],
    ['hash in upper case', { ...good, hashes: { md5: 'C'.repeat(32) } }],
    ['unknown hash algorithm', { ...good, hashes: { sha512: 'a'.repeat(128) } }],
    ['hashes not an object', { ...good, hashes: 'a'.repeat(64) }],
    ['time not a number', { ...good, time: 'now' }],
    ['unknown field', { ...good, tabId: 3 }],
    ['prototype-polluting field', JSON.parse(`{"kind":"wasm","verdict":"miner","action":"blocked","reason":"r","__proto__":{"x":1}}`)],
  ])('rejects %s', (_label, raw) => {
    expect(validateFinding(raw, NOW)).toBeNull();
  });
});
