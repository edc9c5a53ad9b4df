import { hasRot64, type CodeFeatures } from './code-features';
import { ConstantIndexBuilder, FLAG_CODE, FLAG_DATA, FLAG_MEMORY, memberFlags, tally, type ConstantIndex, type Member } from './const-index';
import { aesInvSbox, aesSbox, aesTe0, rotr32 } from './constants/aes';
import { groestlWindows } from './constants/groestl';
import { jhConstants } from './constants/jh';
import { keccakRhoOffsets, keccakRoundConstants } from './constants/keccak';
import { CN_ITERATIONS, CN_MASKS, CN_SIZES, RANDOMX_MASKS, RANDOMX_SALT } from './constants/miners';
import { piFractionWords } from './constants/pi';
import { sha256K, sha512IV, sha512K, type Word64 } from './constants/sha2';
import { SKEIN_C240, THREEFISH512_ROTATIONS } from './constants/skein';
import type { PrimitiveHit } from './report-types';

// Thresholds ask for a large share of a table: a handful of matching words happens by chance
// in megabytes of data, a quarter of a 256-entry table does not.
const TABLE_SHARE = 96;
const KECCAK_RC_MIN = 18;
const SHA256_K_MIN = 48;
const SHA512_K_MIN = 60;
const BLAKE_PI_MIN = 12;
const JH_MIN = 8;
const RANDOMX_MASK_MIN = 4;
const KECCAK_RHO_MIN = 20;

interface Groups {
  aesTe: number; aesSbox: number; keccakRc: number; sha256K: number; sha512K: number; blake2Iv: number;
  blakePi: number; blowfishTail: number; groestl: number; jh: number; skein: number;
  cnMask: number; cnIter: number; cnSize: number; rxMask: number; rxSalt: number; argon2Name: number;
}

const w32 = (v: number): Member[] => [{ w32: v | 0 }];
const w64 = (w: Word64): Member[] => [{ lo: w.lo, hi: w.hi }];
const bswap = (v: number) => ((v >>> 24) | ((v >>> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24)) | 0;
const ascii = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));

const CODE_ONLY = { codeOnly: true };

let built: { index: ConstantIndex; g: Groups } | undefined;

export function fingerprintIndex(): { index: ConstantIndex; g: Groups } {
  if (built) return built;
  const b = new ConstantIndexBuilder();
  const te0 = Array.from(aesTe0());
  const pi = piFractionWords(18);
  const g: Groups = {
    aesTe: b.group('AES T-tables', [0, 8, 16, 24].flatMap((r) => te0.map((v) => w32(rotr32(v, r))))),
    aesSbox: b.group('AES S-box', [[{ seq: aesSbox() }], [{ seq: aesInvSbox() }]]),
    keccakRc: b.group('Keccak RC', keccakRoundConstants().map(w64)),
    sha256K: b.group('SHA-256 K', sha256K().map(w32)),
    sha512K: b.group('SHA-512 K', sha512K().map(w64)),
    blake2Iv: b.group('BLAKE2b IV', sha512IV().map(w64)),
    blakePi: b.group('BLAKE-256 constants', pi.slice(0, 16).map(w32)),
    blowfishTail: b.group('Blowfish P17-18', pi.slice(16).map(w32)),
    groestl: b.group('Groestl tables', groestlWindows().flatMap((w) => Array.from(w, w32))),
    // sph-style sources spell JH constants in either byte order depending on the build.
    jh: b.group('JH constants', jhConstants().map((w) => [{ lo: w.lo, hi: w.hi }, { lo: bswap(w.hi), hi: bswap(w.lo) }])),
    skein: b.group('Skein C240', [w64(SKEIN_C240)]),
    // Only immediates count for these: the same round numbers are everywhere in data.
    cnMask: b.group('CryptoNight masks', Object.keys(CN_MASKS).map((k) => w32(Number(k))), CODE_ONLY),
    cnIter: b.group('CryptoNight iterations', CN_ITERATIONS.map(w32), CODE_ONLY),
    cnSize: b.group('CryptoNight sizes', CN_SIZES.map(w32), CODE_ONLY),
    rxMask: b.group('RandomX masks', RANDOMX_MASKS.map(w32), CODE_ONLY),
    rxSalt: b.group('RandomX salt', [[{ seq: RANDOMX_SALT }]]),
    argon2Name: b.group('Argon2 name', [[{ seq: ascii('argon2') }, { seq: ascii('Argon2') }]]),
  };
  built = { index: b.build(), g };
  return built;
}

function where(flags: number): string {
  const parts: string[] = [];
  if (flags & FLAG_CODE) parts.push('code');
  if (flags & FLAG_DATA) parts.push('data');
  if (flags & FLAG_MEMORY) parts.push('memory');
  return parts.join('+');
}

const hex = (v: number) => '0x' + (v >>> 0).toString(16).toUpperCase();

// Computed once: every analysis ends here, and for small modules this is a fair share of it.
const RHO_AMOUNTS = distinct(keccakRhoOffsets().filter((n) => n !== 0));
const THREEFISH_AMOUNTS = distinct(THREEFISH512_ROTATIONS);
const BLAKE2_ROTATIONS = [32, 40, 48, 1];
const CN_MASK_VALUES = Object.keys(CN_MASKS).map(Number);

function distinct(amounts: readonly number[]): number[] {
  return [...new Set(amounts)];
}

/** `amounts` must hold no duplicates. */
function countRot64(f: CodeFeatures, amounts: readonly number[]): number {
  let n = 0;
  for (const a of amounts) if (hasRot64(f, a)) n++;
  return n;
}

/** Turns what the scanner saw (constants by place, code shape) into named primitives. */
export function evaluateFingerprints(seen: Uint8Array, f: CodeFeatures): PrimitiveHit[] {
  const { index, g } = fingerprintIndex();
  const t = (grp: number) => tally(index, seen, grp);
  const hits: PrimitiveHit[] = [];
  const hit = (name: string, evidence: string) => hits.push({ name, evidence });

  const te = t(g.aesTe);
  const sbox = t(g.aesSbox);
  if (te.count >= TABLE_SHARE || sbox.count > 0) {
    const ev: string[] = [];
    if (te.count >= TABLE_SHARE) ev.push(`T-tables: ${te.count}/1024 words in ${where(te.flags)}`);
    const boxes = memberFlags(index, seen, g.aesSbox);
    if (boxes[0]) ev.push(`S-box in ${where(boxes[0])}`);
    if (boxes[1]) ev.push(`inverse S-box in ${where(boxes[1])}`);
    if (f.tableLoads > 0) ev.push(`${f.tableLoads} masked table loads`);
    hit('AES', ev.join('; '));
  }

  const rc = t(g.keccakRc);
  const rho = countRot64(f, RHO_AMOUNTS);
  if (rc.count >= KECCAK_RC_MIN || (rc.count >= 8 && rho >= KECCAK_RHO_MIN)) {
    hit('Keccak', `Keccak RC: ${rc.count}/24 round constants in ${where(rc.flags)}${rho >= KECCAK_RHO_MIN ? `; rho rotations ${rho}/24` : ''}`);
  }

  const s256 = t(g.sha256K);
  if (s256.count >= SHA256_K_MIN) hit('SHA-256', `SHA-256 K: ${s256.count}/64 round constants in ${where(s256.flags)}`);

  const s512 = t(g.sha512K);
  if (s512.count >= SHA512_K_MIN) hit('SHA-512', `SHA-512 K: ${s512.count}/80 round constants in ${where(s512.flags)}`);

  const iv = t(g.blake2Iv);
  const blake2Rot = BLAKE2_ROTATIONS.every((n) => hasRot64(f, n));
  if (iv.count >= 6 && (s512.count < SHA512_K_MIN || blake2Rot)) {
    hit('BLAKE2b', `BLAKE2b IV: ${iv.count}/8 words in ${where(iv.flags)}${blake2Rot ? '; G rotations 32/24/16/63' : ''}`);
    const name = t(g.argon2Name);
    if (name.count > 0) hit('Argon2', `BLAKE2b with the "argon2" name in ${where(name.flags)}`);
  }

  const bp = t(g.blakePi);
  const tail = t(g.blowfishTail);
  if (bp.count >= BLAKE_PI_MIN) {
    // Blowfish's P-array starts with the same pi digits and continues for two more words.
    if (tail.count === 2) hit('Blowfish', `pi-digit P-array: ${bp.count + 2}/18 words in ${where(bp.flags)}`);
    else hit('BLAKE-256', `BLAKE-256 constants: ${bp.count}/16 in ${where(bp.flags)}`);
  }

  const gr = t(g.groestl);
  if (gr.count >= TABLE_SHARE) hit('Groestl', `Groestl tables: ${gr.count}/2048 words in ${where(gr.flags)}`);

  const jh = t(g.jh);
  if (jh.count >= JH_MIN) hit('JH', `JH round constants / IV: ${jh.count}/32 in ${where(jh.flags)}`);

  const sk = t(g.skein);
  if (sk.count > 0) {
    const rot = countRot64(f, THREEFISH_AMOUNTS);
    hit('Skein', `Threefish C240 0x1BD11BDAA9FC1A22 in ${where(sk.flags)}${rot > 0 ? `; ${rot} Threefish-512 rotation amounts` : ''}`);
  }

  const cn = cryptoNightMarkers(index, seen, g);
  if (cn) hit('CryptoNight scratchpad', cn);

  const salt = t(g.rxSalt);
  const rxCode = countInCode(memberFlags(index, seen, g.rxMask));
  if (salt.count > 0 || rxCode >= RANDOMX_MASK_MIN) {
    const ev: string[] = [];
    if (salt.count > 0) ev.push(`Argon2 salt "RandomX\\x03" in ${where(salt.flags)}`);
    if (rxCode > 0) ev.push(`${rxCode}/${RANDOMX_MASKS.length} scratchpad/dataset masks in code`);
    hit('RandomX', ev.join('; '));
  }

  if (f.memoryHardLoops > 0) {
    hit('memory-hard loop', `${f.memoryHardLoops} loop(s) mixing i64.mul with scratchpad mask ${hex(f.scratchpadMask)}`);
  }
  return hits;
}

function countInCode(members: Uint8Array): number {
  let n = 0;
  for (const m of members) if (m & FLAG_CODE) n++;
  return n;
}

/** Only immediates count: these numbers in data say nothing. Mask plus a size or iteration count. */
function cryptoNightMarkers(index: ConstantIndex, seen: Uint8Array, g: Groups): string | undefined {
  const m = memberFlags(index, seen, g.cnMask);
  const mask = CN_MASK_VALUES.find((_, i) => m[i] & FLAG_CODE);
  if (mask === undefined) return undefined;
  const it = memberFlags(index, seen, g.cnIter);
  const sz = memberFlags(index, seen, g.cnSize);
  const iters = CN_ITERATIONS.filter((_, i) => it[i] & FLAG_CODE);
  const sizes = CN_SIZES.filter((_, i) => sz[i] & FLAG_CODE);
  if (iters.length === 0 && sizes.length === 0) return undefined;
  const ev = [`scratchpad mask ${hex(mask)} (${CN_MASKS[mask]})`];
  if (iters.length) ev.push(`iterations ${iters.map(hex).join('/')}`);
  if (sizes.length) ev.push(`size ${sizes.map(hex).join('/')}`);
  return ev.join(', ');
}
