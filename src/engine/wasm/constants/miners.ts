// Published CryptoNight / RandomX parameters. Each is an ordinary number on its own; the
// fingerprints only count them when several appear together with the hash primitives.

/** Scratchpad masks: 2 MiB (original, v7, r), 1 MiB (lite), 4 MiB (heavy), 256 KiB (turtle/pico). */
export const CN_MASKS: Record<number, string> = {
  0x1ffff0: '2 MiB', 0xffff0: '1 MiB', 0x3ffff0: '4 MiB', 0x1fff0: '256 KiB',
};
/** Main-loop iteration counts of the variants (0x80000 original, 0x40000 lite/half/heavy, ...). */
export const CN_ITERATIONS = [0x80000, 0x40000, 0x20000, 0x10000, 0x60000, 0x100000];
/** Scratchpad sizes in bytes. */
export const CN_SIZES = [0x200000, 0x100000, 0x400000, 0x40000];

/** RandomX derived masks: L1/L2/L3 scratchpad masks, 64-byte L3 mask, cache-line align mask, dataset extra items. */
export const RANDOMX_MASKS = [0x3ff8, 0x3fff8, 0x1ffff8, 0x1fffc0, 0x7fffffc0, 0x1ffffc0, 0x7ffff];

/** RandomX's Argon2 salt: "RandomX\x03". */
export const RANDOMX_SALT = new Uint8Array([0x52, 0x61, 0x6e, 0x64, 0x6f, 0x6d, 0x58, 0x03]);
