// SHA-2 and BLAKE2 constants are defined as fractional bits of square and cube roots of primes;
// deriving them with exact integer roots avoids hand-copied tables.

function primes(n: number): number[] {
  const out: number[] = [];
  for (let c = 2; out.length < n; c++) if (out.every((p) => c % p !== 0)) out.push(c);
  return out;
}

function iroot(n: bigint, k: bigint): bigint {
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / Number(k)) + 1);
  for (;;) {
    const y = ((k - 1n) * x + n / x ** (k - 1n)) / k;
    if (y >= x) return x;
    x = y;
  }
}

function fracBits(p: number, root: bigint, bits: bigint): bigint {
  return iroot(BigInt(p) << (bits * root), root) & ((1n << bits) - 1n);
}

export interface Word64 { lo: number; hi: number }

function split(v: bigint): Word64 {
  return { lo: Number(v & 0xffffffffn) | 0, hi: Number(v >> 32n) | 0 };
}

export const sha256K = (): number[] => primes(64).map((p) => Number(fracBits(p, 3n, 32n)));
export const sha256IV = (): number[] => primes(8).map((p) => Number(fracBits(p, 2n, 32n)));
export const sha512K = (): Word64[] => primes(80).map((p) => split(fracBits(p, 3n, 64n)));
/** Also the BLAKE2b IV (and so Argon2's). */
export const sha512IV = (): Word64[] => primes(8).map((p) => split(fracBits(p, 2n, 64n)));
