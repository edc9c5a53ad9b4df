import type { Word64 } from './sha2';

/** Threefish key-schedule parity constant C240 (Skein 1.3). */
export const SKEIN_C240: Word64 = { hi: 0x1bd11bda | 0, lo: 0xa9fc1a22 | 0 };

/** Threefish-512 MIX rotation amounts, rounds 0..7 (Skein 1.3, table 4). */
export const THREEFISH512_ROTATIONS = [
  46, 36, 19, 37, 33, 27, 14, 42, 17, 49, 36, 39, 44, 9, 54, 56,
  39, 30, 34, 24, 13, 50, 10, 17, 25, 29, 39, 43, 8, 35, 56, 22,
];
