// SHA-2 and BLAKE2 constants are defined as fractional bits of square and cube roots of primes;
// deriving them with exact integer roots avoids hand-copied tables.

function primes(n: number): number[] {
  const out: number[] = [];
  for (let c = 2; out.length < n; c++) if (out.every((p) => c % p !== 0)) out.push(c);
  return out;
}

/**
 * floor(n^(1/k)) by Newton's method from above. `seed` must not be below the root; a float
 * estimate close above it leaves two or three steps instead of a few dozen from a power of two.
 */
function iroot(n: bigint, k: bigint, seed: bigint): bigint {
  let x = seed;
  for (;;) {
    const y = ((k - 1n) * x + n / x ** (k - 1n)) / k;
    if (y >= x) return x;
    x = y;
  }
}

/** The first `bits` bits of the fractional part of p^(1/root). */
function fracBits(p: number, root: 2 | 3, bits: bigint): bigint {
  const estimate = root === 2 ? Math.sqrt(p) : Math.cbrt(p);
  // The float is good to about 50 bits: 40 bits of it, rounded up by 2, stay above the root.
  const seed = (BigInt(Math.floor(estimate * 2 ** 40)) + 2n) << (bits - 40n);
  return iroot(BigInt(p) << (bits * BigInt(root)), BigInt(root), seed) & ((1n << bits) - 1n);
}

export interface Word64 { lo: number; hi: number }

function split(v: bigint): Word64 {
  return { lo: Number(v & 0xffffffffn) | 0, hi: Number(v >> 32n) | 0 };
}

let k512: Word64[] | undefined;
let iv512: Word64[] | undefined;

export const sha512K = (): Word64[] => (k512 ??= primes(80).map((p) => split(fracBits(p, 3, 64n))));
/** Also the BLAKE2b IV (and so Argon2's). */
export const sha512IV = (): Word64[] => (iv512 ??= primes(8).map((p) => split(fracBits(p, 2, 64n))));
// SHA-256 takes the first 32 of the same fractional bits (FIPS 180-4 §4.2.2, §5.3.3).
export const sha256K = (): number[] => sha512K().slice(0, 64).map((w) => w.hi >>> 0);
export const sha256IV = (): number[] => sha512IV().map((w) => w.hi >>> 0);
