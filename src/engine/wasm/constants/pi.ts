// BLAKE-256's sixteen constants and Blowfish's P-array are the leading hex digits of pi's
// fraction; computing them (Machin's formula) keeps the two families consistent by construction.

function atanInv(x: bigint, scale: bigint): bigint {
  let sum = 0n;
  let term = scale / x;
  const x2 = x * x;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += (k % 4n === 1n ? term : -term) / k;
    term /= x2;
  }
  return sum;
}

/** The first `count` 32-bit words of the fractional part of pi. */
export function piFractionWords(count: number): number[] {
  const guard = 32n;
  const bits = BigInt(count * 32) + guard;
  const scale = 1n << bits;
  const pi = 16n * atanInv(5n, scale) - 4n * atanInv(239n, scale);
  const frac = (pi - 3n * scale) >> guard;
  const out: number[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(Number((frac >> BigInt(i * 32)) & 0xffffffffn));
  return out;
}
