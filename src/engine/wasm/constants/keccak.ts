import type { Word64 } from './sha2';

// Keccak-f[1600] round constants and rho offsets follow from the LFSR and the (x, y) walk in
// the Keccak reference; computing them avoids transcription errors.

/** Round constant bit j of round i is output 7i + j of the LFSR x^8 + x^6 + x^5 + x^4 + 1. */
export function keccakRoundConstants(): Word64[] {
  const out: Word64[] = [];
  let r = 1;
  for (let round = 0; round < 24; round++) {
    let lo = 0;
    let hi = 0;
    for (let j = 0; j < 7; j++) {
      const bit = (1 << j) - 1;
      if (r & 1) {
        if (bit < 32) lo |= 1 << bit;
        else hi |= 1 << (bit - 32);
      }
      r <<= 1;
      if (r & 0x100) r ^= 0x171;
    }
    out.push({ lo, hi });
  }
  return out;
}

/** Left-rotation amount of lane (x, y), indexed x + 5y; lane (0,0) is 0. */
export function keccakRhoOffsets(): number[] {
  const r = new Array<number>(25).fill(0);
  let x = 1;
  let y = 0;
  for (let t = 0; t < 24; t++) {
    r[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64;
    [x, y] = [y, (2 * x + 3 * y) % 5];
  }
  return r;
}
