/** Shape of the code as the fingerprints need it; filled by the code walker. */
export interface CodeFeatures {
  instructions: number;
  /** xor / shl / shr / rotl / rotr, 32- and 64-bit. */
  xorShiftRotate: number;
  /**
   * Loops (with their inner loops) that both multiply 64-bit values and mask an address with
   * a scratchpad-sized mask such as 0x1FFFF0: the shape of a memory-hard hashing loop.
   */
  memoryHardLoops: number;
  /** The last such mask seen, for evidence. */
  scratchpadMask: number;
  /** Loads whose address is a masked byte index, the T-table idiom `T[(x >> k) & 0xff]`. */
  tableLoads: number;
  /** Bit n set when a constant left-rotation by n (rotr normalised to rotl) was seen. */
  rot32: number;
  rot64Lo: number;
  rot64Hi: number;
  /** i64.mul of two values both cut to their low 32 bits: Argon2's fBlaMka, or a 64x64->128 multiply. */
  loMuls: number;
  /**
   * Bodies doing GF(2^8) doubling: the AES reduction 0x1B (or the polynomial 0x11B) beside a
   * test of the high bit (0x80, or a shift by 7). AES tables computed at run time need it.
   */
  gfDoubling: number;
  /** Bodies xoring with the AES affine constant 0x63 amid byte arithmetic: the S-box computed at run time. */
  sboxAffine: number;
}

export function emptyFeatures(): CodeFeatures {
  return { instructions: 0, xorShiftRotate: 0, memoryHardLoops: 0, scratchpadMask: 0, tableLoads: 0, rot32: 0, rot64Lo: 0, rot64Hi: 0, loMuls: 0, gfDoubling: 0, sboxAffine: 0 };
}

export function hasRot64(f: CodeFeatures, n: number): boolean {
  return n < 32 ? (f.rot64Lo & (1 << n)) !== 0 : (f.rot64Hi & (1 << (n - 32))) !== 0;
}

export function hasRot32(f: CodeFeatures, n: number): boolean {
  return (f.rot32 & (1 << n)) !== 0;
}

/** 2^k - 2^a with a 128 KiB .. 8 MiB region and 8..64-byte items: 0x1FFFF0, 0x1FFFC0, 0xFFFF0, ... */
export function isScratchpadMask(v: number): boolean {
  if (v <= 0) return false;
  const low = v & -v;
  const top = v + low;
  return low >= 8 && low <= 64 && (top & (top - 1)) === 0 && top >= 1 << 17 && top <= 1 << 23;
}

/** Immediates of AES table generation, as bits: GF_REDUCE 0x1B/0x11B, GF_HIGH 0x80 or 7, GF_AFFINE 0x63. */
export const GF_REDUCE = 1;
export const GF_HIGH = 2;
export const GF_AFFINE = 4;

export function gfConstant(v: number): number {
  return v === 0x1b || v === 0x11b ? GF_REDUCE : v === 0x80 || v === 7 ? GF_HIGH : v === 0x63 ? GF_AFFINE : 0;
}
