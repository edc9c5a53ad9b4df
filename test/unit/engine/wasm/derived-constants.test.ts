// The detector derives its constant tables at run time in every realm that analyses (cheap
// shortcuts: S-box multiples by xtime, one LFSR pass, SHA-256 words as the high halves of
// SHA-512's, float-seeded integer roots). Here each shortcut is checked against the slow,
// independent derivations the fixtures are built from.
import { describe, expect, it } from 'vitest';
import { aesSbox, aesTe0, rotr32, sboxTimes } from '../../../../src/engine/wasm/constants/aes';
import { groestlWindows } from '../../../../src/engine/wasm/constants/groestl';
import { keccakRoundConstants } from '../../../../src/engine/wasm/constants/keccak';
import { piFractionWords } from '../../../../src/engine/wasm/constants/pi';
import { sha256IV, sha256K, sha512IV, sha512K } from '../../../../src/engine/wasm/constants/sha2';
import { ConstantIndexBuilder, type Member } from '../../../../src/engine/wasm/const-index';
import { gmul, groestlHalves, keccakRC, piWords, sbox, sha256H0, sha256K as fixtureSha256K, teTables } from '../../../fixtures/wasm/wat-parts/constants.mjs';

const big64 = (w: { lo: number; hi: number }) => (BigInt(w.hi >>> 0) << 32n) | BigInt(w.lo >>> 0);

function primes(n: number): number[] {
  const out: number[] = [];
  for (let c = 2; out.length < n; c++) if (out.every((p) => c % p !== 0)) out.push(c);
  return out;
}

/** floor(root-th root of n) by bisection: slow, and shares nothing with the engine's Newton steps. */
function rootByBisection(n: bigint, root: bigint): bigint {
  let lo = 0n;
  let hi = 1n;
  while (hi ** root <= n) hi <<= 1n;
  while (lo < hi) {
    const m = (lo + hi + 1n) / 2n;
    if (m ** root <= n) lo = m;
    else hi = m - 1n;
  }
  return lo;
}

const frac64 = (p: number, root: bigint) => rootByBisection(BigInt(p) << (64n * root), root) & 0xffffffffffffffffn;

describe('constant tables derived at run time', () => {
  it('S-box multiples equal the bit-serial GF(2^8) products', () => {
    const s = sbox();
    for (const m of [1, 2, 3, 4, 5, 6, 7]) expect(Array.from(sboxTimes(m))).toEqual(Array.from(s, (v) => gmul(v, m)));
    expect(Array.from(aesSbox())).toEqual(Array.from(s));
  });

  it('AES T-tables and Groestl windows equal the fixtures\' tables', () => {
    const te0 = Array.from(aesTe0());
    expect([0, 8, 16, 24].map((r) => te0.map((v) => rotr32(v, r)))).toEqual(teTables());
    const windows = groestlWindows().map((w) => Array.from(w));
    const [first, fifth] = groestlHalves();
    expect(windows[0]).toEqual(first);
    expect(windows[4]).toEqual(fifth);
    expect(new Set(windows.map((w) => w.join())).size).toBe(8);
  });

  it('Keccak round constants from one LFSR pass equal the per-bit derivation', () => {
    expect(keccakRoundConstants().map(big64)).toEqual(keccakRC());
  });

  it('SHA-2 constants from seeded Newton roots equal bisection roots (FIPS 180-4 §4.2)', () => {
    const p80 = primes(80);
    expect(sha512K().map(big64)).toEqual(p80.map((p) => frac64(p, 3n)));
    expect(sha512IV().map(big64)).toEqual(p80.slice(0, 8).map((p) => frac64(p, 2n)));
    expect(sha256K()).toEqual(fixtureSha256K());
    expect(sha256IV()).toEqual(sha256H0);
    // Published spot checks: SHA-512 K[0] and K[79], IV[0].
    expect(big64(sha512K()[0]!)).toBe(0x428a2f98d728ae22n);
    expect(big64(sha512K()[79]!)).toBe(0x6c44198c4a475817n);
    expect(big64(sha512IV()[0]!)).toBe(0x6a09e667f3bcc908n);
  });

  it('pi words equal the fixtures\' Machin derivation', () => {
    expect(piFractionWords(18)).toEqual(piWords(18));
  });
});

describe('ConstantIndexBuilder.words', () => {
  it('files the same entries as a group of one-spelling w32 members, small words skipped but numbered', () => {
    const words = [0x12345678, 5, -3, 0x0fff, 0x1000, -0x1001, 0xdeadbeef, 0x7f000000];
    const viaGroup = new ConstantIndexBuilder();
    viaGroup.group('g', words.map((w): Member[] => [{ w32: w }]), { codeOnly: true });
    viaGroup.words('h', [0xcafebabe]);
    const viaWords = new ConstantIndexBuilder();
    viaWords.words('g', words, { codeOnly: true });
    viaWords.words('h', [0xcafebabe]);
    const a = viaGroup.build();
    const b = viaWords.build();
    expect(b.groups).toEqual(a.groups);
    // 5, -3 and 0x0fff lie within 0x1000 of zero: skipped, but 0x1000 and -0x1001 do not.
    expect(b.size).toBe(5 + 1);
    expect(Array.from(b.member)).toEqual(Array.from(a.member));
    const ta = a.probeTables();
    const tb = b.probeTables();
    for (const key of Object.keys(ta) as (keyof typeof ta)[]) {
      const x = ta[key];
      const y = tb[key];
      expect(typeof y === 'number' ? y : Array.from(y), key).toEqual(typeof x === 'number' ? x : Array.from(x));
    }
  });

  it('grows past its first capacity without losing entries', () => {
    const b = new ConstantIndexBuilder();
    const words = Array.from({ length: 10_000 }, (_, i) => 0x10000 + i * 7);
    b.words('many', words);
    const index = b.build();
    expect(index.size).toBe(10_000);
    expect(index.member[9_999]).toBe(9_999);
    const seen = new Uint8Array(index.size);
    expect(index.markWord(seen, 0x10000 + 9_999 * 7, 1)).toBe(1);
    expect(seen[9_999]).toBe(1);
    expect(index.markWord(seen, 0x10000 + 9_999 * 7 + 1, 1)).toBe(0);
  });
});
