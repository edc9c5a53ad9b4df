// Published CryptoNight / RandomX / Equihash parameters. Each is an ordinary number on its own;
// the fingerprints only count them together with the code shapes and hash primitives.

/**
 * Scratchpad masks (size - 16: 16-byte AES blocks addressed inside the scratchpad), from the
 * CryptoNote standard CNS008 and the variant announcements: 2 MiB (original, v1, v2, R),
 * 1 MiB (lite), 4 MiB (heavy), 256 KiB (pico / turtle), 128 KiB (upx2).
 */
export const CN_MASKS: Record<number, string> = {
  0x1ffff0: '2 MiB', 0xffff0: '1 MiB', 0x3ffff0: '4 MiB', 0x3fff0: '256 KiB', 0x1fff0: '128 KiB',
};
/** Which CryptoNight variants use a scratchpad of that size, for the verdict line. */
export const CN_VARIANTS: Record<string, string> = {
  '2 MiB': 'CryptoNight', '1 MiB': 'CryptoNight-Lite', '4 MiB': 'CryptoNight-Heavy',
  '256 KiB': 'CryptoNight-Pico/Turtle', '128 KiB': 'CryptoNight-UPX',
};
/** Main-loop iteration counts of the variants (0x80000 original, 0x40000 lite/half/heavy, ...). */
export const CN_ITERATIONS = [0x80000, 0x40000, 0x20000, 0x10000, 0x60000, 0x100000];
/** Scratchpad sizes in bytes. */
export const CN_SIZES = [0x200000, 0x100000, 0x400000, 0x40000];

/** RandomX derived masks: L1/L2/L3 scratchpad masks, 64-byte L3 mask, cache-line align mask, dataset extra items. */
export const RANDOMX_MASKS = [0x3ff8, 0x3fff8, 0x1ffff8, 0x1fffc0, 0x7fffffc0, 0x1ffffc0, 0x7ffff];

/**
 * RandomX specification §5.3.4: FSCAL_R "is equivalent to a bitwise XOR of the binary
 * representation with the value of 0x80F0000000000000" (sign bit and 4 exponent bits).
 */
export const RANDOMX_FSCAL_MASK = { lo: 0, hi: 0x80f00000 | 0 };

/**
 * RandomX specification §7.3: r1..r7 of every Dataset item start as r0 XOR these. Bytes 8..63
 * of Blake2b-512("RandomX SuperScalarHash initialize") as little-endian 64-bit words, r1's
 * raised by 2^33 + 700 and r3's by 2^14; a unit test derives them again.
 */
export const RANDOMX_DATASET_XORS = [
  { hi: 0x810a978a | 0, lo: 0x59f5a1fc | 0 }, { hi: 0xa77099df | 0, lo: 0x38c2d846 }, { hi: 0x8126b91c | 0, lo: 0xbf22495c | 0 },
  { hi: 0x494d2597, lo: 0x179f8a62 }, { hi: 0x9237efb9 | 0, lo: 0xceaaec0c | 0 }, { hi: 0x2f2a5674, lo: 0x6ce62d78 },
  { hi: 0x84853bf7 | 0, lo: 0xb62ce54e | 0 },
];
export const RANDOMX_DATASET_SEED = 'RandomX SuperScalarHash initialize';

/** RandomX's Argon2 salt: "RandomX\x03". */
export const RANDOMX_SALT = new Uint8Array([0x52, 0x61, 0x6e, 0x64, 0x6f, 0x6d, 0x58, 0x03]);

/**
 * RandomX specification §3: AesGenerator1R keys (Blake2b-512 of "RandomX AesGenerator1R keys"),
 * AesGenerator4R keys ("... keys 0-3", "... keys 4-7"), AesHash1R initial state and xkeys, as
 * little-endian 32-bit words. A unit test derives them again from those strings.
 */
export const RANDOMX_AES_WORDS = [
  0x6daca553, 0x62716609, 0xdbb5552b, 0xb4f44917, 0x6d7caf07, 0x846a710d, 0x1725d378, 0x0da1dc4e,
  0x3f1262f1, 0x9f947ec6, 0xf4c0794f, 0x3e20e345, 0x6aef8135, 0xb1ba317c, 0x16314c88, 0x49169154,
  0x6421aadd, 0xd1833ddb, 0x2f546d2b, 0x99e5d23f, 0xb20e3450, 0xb6913f55, 0x06f79d53, 0xa5dfcde5,
  0x5c3ed904, 0x515e7baf, 0x0aa4679f, 0x171c02bf, 0x85623763, 0xe78f5d08, 0xcd673785, 0xd8ded291,
  0xb5826f73, 0xe3d6a7a6, 0x3d518b6d, 0x229effb4, 0xc7566bf3, 0x9c10b3d9, 0xe9024d4e, 0xb272b7d2,
  0xf273c9e7, 0xf765a38b, 0x2ba9660a, 0xf63befa7, 0x7a7cd609, 0x915839de, 0x0c06d1fd, 0xc0b0762d,
  0x92b52c0d, 0x9fa856de, 0xcc82db47, 0xd7983aad, 0x338d996e, 0x15c7b798, 0xf59e125a, 0xace78057,
  0x6a770017, 0xae62c7d0, 0x5079506b, 0xe8a07ce4, 0x630a240c, 0x07ad828d, 0x79a10005, 0x7e994948,
  0xf6fa8389, 0x8b24949f, 0x90dc56bf, 0x06890201, 0x61b263d1, 0x51f4e03c, 0xee1043c6, 0xed18f99b,
];
export const RANDOMX_SEEDS = [
  'RandomX AesGenerator1R keys', 'RandomX AesGenerator4R keys 0-3', 'RandomX AesGenerator4R keys 4-7',
  'RandomX AesHash1R state', 'RandomX AesHash1R xkeys',
];

/** Zcash protocol specification §7.6.1 (Equihash): BLAKE2b personalisation "ZcashPoW" || le32(n) || le32(k). */
export const ZCASH_POW = 'ZcashPoW';
/** "expand 32-byte k" / "expand 16-byte k": the Salsa20 and ChaCha input constants (Bernstein, Salsa20 spec §9). */
export const SALSA_SIGMA = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574, 0x3120646e, 0x79622d36];
