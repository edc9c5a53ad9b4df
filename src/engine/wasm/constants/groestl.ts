import { sboxTimes } from './aes';

// Groestl's lookup tables are the AES S-box multiplied by the MixBytes circulant
// circ(2,2,3,4,5,3,5,7). Implementations store them as 64-bit rows or as 32-bit halves, each
// a 4-byte window of some rotation of that row, so the detector matches windows.
const MULTIPLIERS = [2, 2, 3, 4, 5, 3, 5, 7];

/** For each of the 8 starting positions, 256 big-endian 32-bit words of 4 consecutive products. */
export function groestlWindows(): Uint32Array[] {
  const times = MULTIPLIERS.map(sboxTimes);
  const out: Uint32Array[] = [];
  for (let start = 0; start < 8; start++) {
    const w = new Uint32Array(256);
    const a = times[start];
    const b = times[(start + 1) % 8];
    const c = times[(start + 2) % 8];
    const d = times[(start + 3) % 8];
    for (let x = 0; x < 256; x++) w[x] = ((a[x] << 24) | (b[x] << 16) | (c[x] << 8) | d[x]) >>> 0;
    out.push(w);
  }
  return out;
}
