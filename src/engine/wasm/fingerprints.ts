import { CallGraph, L_DECODE, L_SCRATCH, L_SCRATCH_MUL, L_SCRATCH_TLOAD, L_SEARCH, L_SEARCH_INLINE, P_CORE, P_KNOWN, P_MUL, P_TLOAD } from './call-graph';
import { hasRot32, hasRot64, type CodeFeatures } from './code-features';
import { ConstantIndexBuilder, FLAG_CODE, FLAG_DATA, FLAG_MEMORY, memberFlags, tally, type ConstantIndex, type Member } from './const-index';
import { aesInvSbox, aesSbox, aesTe0, rotr32 } from './constants/aes';
import { groestlWindows } from './constants/groestl';
import { jhConstants } from './constants/jh';
import { keccakRhoOffsets, keccakRoundConstants } from './constants/keccak';
import { CN_ITERATIONS, CN_MASKS, CN_SIZES, RANDOMX_AES_WORDS, RANDOMX_DATASET_XORS, RANDOMX_FSCAL_MASK, RANDOMX_MASKS, RANDOMX_SALT, SALSA_SIGMA, ZCASH_POW } from './constants/miners';
import { piFractionWords } from './constants/pi';
import { sha256K, sha512IV, sha512K, type Word64 } from './constants/sha2';
import { SKEIN_C240, THREEFISH512_ROTATIONS } from './constants/skein';
import type { PrimitiveHit } from './report-types';
import { helperRotatesBy } from './rotate-helpers';

// Thresholds ask for a large share of a table: a handful of matching words happens by chance
// in megabytes of data, a quarter of a 256-entry table does not.
const TABLE_SHARE = 96;
const KECCAK_RC_MIN = 18;
const SHA256_K_MIN = 48;
const SHA512_K_MIN = 60;
const BLAKE_PI_MIN = 12;
const JH_MIN = 8;
const KECCAK_RHO_MIN = 20;
/** Of the 72 RandomX AES key/state words: a few are in any build, chance hits are not. */
const RANDOMX_KEYS_MIN = 8;
/** Of the 7 RandomX Dataset XOR constants: an implementation has all of them. */
const RANDOMX_DATASET_MIN = 4;
/** fBlaMka multiplies of two 32-bit halves (4 per G when inlined, one helper at -O0). */
const FBLAMKA_MIN = 1;
/** xor/shift/rotate operations a loop's callees must add up to before they count as a hash. */
const SEARCH_HASH_XSR = 16;

interface Groups {
  aesTe: number; aesSbox: number; keccakRc: number; sha256K: number; sha512K: number; blake2Iv: number;
  blakePi: number; blowfishTail: number; groestl: number; jh: number; skein: number;
  cnMask: number; cnIter: number; cnSize: number; rxMask: number; rxSalt: number; argon2Name: number;
  rxKeys: number; zcash: number; sigma: number; blakeSigma: number; rxFscal: number; rxDataset: number;
}

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
    aesTe: b.words('AES T-tables', [0, 8, 16, 24].flatMap((r) => te0.map((v) => rotr32(v, r)))),
    aesSbox: b.group('AES S-box', [[{ seq: aesSbox() }], [{ seq: aesInvSbox() }]]),
    keccakRc: b.group('Keccak RC', keccakRoundConstants().map(w64)),
    sha256K: b.words('SHA-256 K', sha256K()),
    sha512K: b.group('SHA-512 K', sha512K().map(w64)),
    blake2Iv: b.group('BLAKE2b IV', sha512IV().map(w64)),
    blakePi: b.words('BLAKE-256 constants', pi.slice(0, 16)),
    blowfishTail: b.words('Blowfish P17-18', pi.slice(16)),
    groestl: b.words('Groestl tables', groestlWindows().flatMap((w) => Array.from(w))),
    // sph-style sources spell JH constants in either byte order depending on the build.
    jh: b.group('JH constants', jhConstants().map((w) => [{ lo: w.lo, hi: w.hi }, { lo: bswap(w.hi), hi: bswap(w.lo) }])),
    skein: b.group('Skein C240', [w64(SKEIN_C240)]),
    // Only immediates count for these: the same round numbers are everywhere in data.
    cnMask: b.words('CryptoNight masks', Object.keys(CN_MASKS).map(Number), CODE_ONLY),
    cnIter: b.words('CryptoNight iterations', CN_ITERATIONS, CODE_ONLY),
    cnSize: b.words('CryptoNight sizes', CN_SIZES, CODE_ONLY),
    rxMask: b.words('RandomX masks', RANDOMX_MASKS, CODE_ONLY),
    rxSalt: b.group('RandomX salt', [[{ seq: RANDOMX_SALT }]]),
    argon2Name: b.group('Argon2 name', [[{ seq: ascii('argon2') }, { seq: ascii('Argon2') }]]),
    rxKeys: b.words('RandomX AES keys', RANDOMX_AES_WORDS),
    // An immediate of the VM's FSCAL_R; in data it would be one 8-byte word among millions.
    rxFscal: b.group('RandomX FSCAL_R mask', [w64(RANDOMX_FSCAL_MASK)], CODE_ONLY),
    rxDataset: b.group('RandomX Dataset constants', RANDOMX_DATASET_XORS.map(w64)),
    // The personalisation as bytes (data), as the 64-bit word XORed into h[6] (code), as
    // two 32-bit halves, and already XORed with the IV word (constant-folded builds).
    zcash: b.group('ZcashPoW', [[
      { seq: ascii(ZCASH_POW) },
      { lo: 0x7361635a, hi: 0x576f5068 },
      { lo: 0x7361635a ^ 0xfb41bd6b, hi: 0x576f5068 ^ 0x1f83d9ab },
    ], [{ w32: 0x7361635a }], [{ w32: 0x576f5068 }]]),
    sigma: b.words('Salsa20 sigma', SALSA_SIGMA),
    // BLAKE/BLAKE2 message schedule (RFC 7693 §2.7), rows 1 and 2 as bytes: row 0 is 0..15.
    blakeSigma: b.group('BLAKE sigma', [[{ seq: Uint8Array.of(14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3) }],
      [{ seq: Uint8Array.of(11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4) }]]),
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
const SALSA_ROTATIONS = [7, 9, 13, 18];
/** CryptoNight's final hashes (CNS008 §5): a search loop over them is CryptoNight's own. */
const FINALISERS = new Set(['BLAKE-256', 'Groestl', 'JH', 'Skein']);
const POW_HASHES = new Set(['Keccak', 'SHA-256', 'BLAKE2b', 'Argon2', 'Salsa20', ...FINALISERS]);
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

/** What the call graph adds: loops judged together with the functions they call. */
export interface LoopShapes {
  /** Nonce-search loops: hash called (or computed in place) and its output compared with a non-constant 64-bit value. */
  searchLoops: number;
  /** Of those, loops whose callees hold a recognised hash's constants in their code. */
  knownSearchLoops: number;
  /** Scratchpad-masked loops whose body or callees do table-lookup rounds and 64-bit multiplies. */
  aesScratchLoops: number;
  aesScratchMask: number;
}

export function loopShapes(graph: CallGraph | undefined): LoopShapes {
  const out: LoopShapes = { searchLoops: 0, knownSearchLoops: 0, aesScratchLoops: 0, aesScratchMask: 0 };
  if (!graph) return out;
  const search = graph.functionsWithLoops(L_SEARCH | L_SEARCH_INLINE | L_SCRATCH);
  if (search.length === 0) return out;
  const reach = graph.resolve();
  for (const fn of search) {
    const loops = graph.loopFlags[fn];
    const callees = graph.calleeProps(fn, reach);
    if (loops & L_SEARCH_INLINE || (loops & L_SEARCH && (callees & P_CORE || graph.loopCalleeXsr(fn, SEARCH_HASH_XSR) >= SEARCH_HASH_XSR))) {
      out.searchLoops++;
      if (callees & P_KNOWN || graph.props[fn] & P_KNOWN) out.knownSearchLoops++;
    }
    if (loops & L_SCRATCH) {
      const mul = loops & L_SCRATCH_MUL || callees & P_MUL;
      const tables = loops & L_SCRATCH_TLOAD || callees & P_TLOAD;
      if (mul && tables) {
        out.aesScratchLoops++;
        out.aesScratchMask = graph.masks.get(fn) ?? out.aesScratchMask;
      }
    }
  }
  return out;
}

/** Turns what the scanner saw (constants by place, code shape) into named primitives. */
export function evaluateFingerprints(seen: Uint8Array, f: CodeFeatures, graph?: CallGraph): PrimitiveHit[] {
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
    hit('Keccak', `Keccak RC: ${rc.count}/24 round constants in ${where(rc.flags)}${rho >= KECCAK_RHO_MIN ? `; rho rotations ${rho}/${RHO_AMOUNTS.length}` : ''}`);
  }

  const s256 = t(g.sha256K);
  if (s256.count >= SHA256_K_MIN) hit('SHA-256', `SHA-256 K: ${s256.count}/64 round constants in ${where(s256.flags)}`);

  const s512 = t(g.sha512K);
  if (s512.count >= SHA512_K_MIN) hit('SHA-512', `SHA-512 K: ${s512.count}/80 round constants in ${where(s512.flags)}`);

  // The BLAKE2b IV is SHA-512's IV: on its own it says "SHA-512 or BLAKE2b". The G rotations
  // (32/24/16/63), or an IV with no SHA-512 round constants beside it, decide.
  const iv = t(g.blake2Iv);
  const blake2RotInline = BLAKE2_ROTATIONS.every((n) => hasRot64(f, n));
  const blake2RotHelper = !blake2RotInline && helperRotatesBy(graph, 64, BLAKE2_ROTATIONS);
  const blake2Rot = blake2RotInline || blake2RotHelper;
  const zcash = memberFlags(index, seen, g.zcash);
  const personal = zcash[0] !== 0 || (zcash[1] !== 0 && zcash[2] !== 0);
  const bsig = t(g.blakeSigma);
  let blake2b = false;
  if (iv.count >= 6 && (blake2Rot || bsig.count > 0 || s512.count < SHA512_K_MIN)) {
    blake2b = true;
    const ev = [`BLAKE2b IV: ${iv.count}/8 words in ${where(iv.flags)}`];
    if (blake2Rot) ev.push(`G rotations 32/24/16/63${blake2RotHelper ? ' through a rotate helper' : ''}`);
    if (bsig.count > 0) ev.push(`sigma permutation in ${where(bsig.flags)}`);
    hit('BLAKE2b', ev.join('; '));
  } else if (iv.count >= 6 && s512.count < SHA512_K_MIN && personal) {
    blake2b = true;
    hit('BLAKE2b', `BLAKE2b IV: ${iv.count}/8 words in ${where(iv.flags)} with a personalisation`);
  }
  const name = t(g.argon2Name);
  // BLAKE2b itself never multiplies: a product of two 32-bit halves beside a BLAKE2b that is
  // surely BLAKE2b (not a SHA-512 IV) is Argon2's fBlaMka.
  const fblamka = f.loMuls >= FBLAMKA_MIN && (blake2Rot || bsig.count > 0);
  // Argon2 is BLAKE2b plus fBlaMka; with data decoded at start the IV only shows in memory,
  // so there the fBlaMka shape is named on its own and the memory re-check adds BLAKE2b.
  const start = graph?.startFn ?? -1;
  const decodes = start >= 0 && start < (graph?.loopFlags.length ?? 0) && (graph!.loopFlags[start] & L_DECODE) !== 0;
  if (blake2b ? name.count > 0 || fblamka : fblamka && decodes) {
    const ev: string[] = [];
    if (fblamka) ev.push(`fBlaMka G function (${f.loMuls} multiplies of 32-bit halves)`);
    if (name.count > 0) ev.push(`the "argon2" name in ${where(name.flags)}`);
    hit('Argon2', `${blake2b ? 'BLAKE2b with ' : ''}${ev.join(' and ')}`);
  }
  if (personal) hit('Equihash personalisation', `BLAKE2b personalisation "ZcashPoW" in ${where(zcash[0] | zcash[1] | zcash[2])}`);

  // Salsa20 (and scrypt's Salsa20/8 core) rotates by 7, 9, 13 and 18; the sigma words are
  // only there when it is used as a stream cipher.
  const salsaRotInline = SALSA_ROTATIONS.every((n) => hasRot32(f, n));
  const salsaRotHelper = !salsaRotInline && helperRotatesBy(graph, 32, SALSA_ROTATIONS);
  const salsaRot = salsaRotInline || salsaRotHelper;
  const sigma = t(g.sigma);
  if (salsaRot) {
    hit('Salsa20', `quarter-round rotations 7/9/13/18${salsaRotHelper ? ' through a rotate helper' : ''}${sigma.count >= 4 ? `; "expand 32-byte k" in ${where(sigma.flags)}` : ''}`);
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

  const shapes = loopShapes(graph);
  // AES tables computed at run time leave no table to find, but generating them needs GF(2^8)
  // doubling (xtime, reduction 0x1B) and the S-box's affine constant 0x63 (FIPS 197 §4.2.1,
  // §5.1.1). Codecs have both by chance, so this is only named beside a CryptoNight finaliser
  // and a loop shaped like a miner's.
  const aesTables = te.count >= TABLE_SHARE || sbox.count > 0;
  if (!aesTables && f.gfDoubling > 0 && f.sboxAffine > 0 && (shapes.searchLoops > 0 || shapes.aesScratchLoops > 0)
    && hits.some((h) => FINALISERS.has(h.name))) {
    hit('AES table generation', `GF(2^8) doubling with reduction 0x1B in ${f.gfDoubling} function(s), affine constant 0x63 in ${f.sboxAffine}`);
  }
  if (shapes.aesScratchLoops > 0) {
    const m = shapes.aesScratchMask;
    const what = m ? `${CN_MASKS[m] ?? scratchSize(m)} scratchpad loop (mask ${hex(m)})` : 'scratchpad loop (size set at run time)';
    hit('CryptoNight scratchpad', `${what} with table-lookup rounds and 64-bit multiplies`);
  }

  const salt = t(g.rxSalt);
  const keys = t(g.rxKeys);
  // The VM's own constants, which no packer can move into data: FSCAL_R's mask (§5.3.4) and
  // the Dataset item seeds (§7.3). Named only beside the Argon2d cache (§7.1) or the AES
  // generators (§3.2), which RandomX also needs, so they alone never make a verdict.
  const fscal = t(g.rxFscal);
  const dataset = t(g.rxDataset);
  const vm = (fscal.count > 0 || dataset.count >= RANDOMX_DATASET_MIN) && hits.some((h) => h.name === 'Argon2' || h.name === 'AES');
  if (salt.count > 0 || keys.count >= RANDOMX_KEYS_MIN || vm) {
    const ev: string[] = [];
    if (keys.count >= RANDOMX_KEYS_MIN) ev.push(`AES generator keys (${keys.count}/${RANDOMX_AES_WORDS.length} words in ${where(keys.flags)})`);
    if (salt.count > 0) ev.push(`Argon2 salt "RandomX\\x03" in ${where(salt.flags)}`);
    if (vm && fscal.count > 0) ev.push('FSCAL_R mask 0x80F0000000000000 in code');
    if (vm && dataset.count >= RANDOMX_DATASET_MIN) ev.push(`Dataset constants (${dataset.count}/${RANDOMX_DATASET_XORS.length} in ${where(dataset.flags)})`);
    const rxCode = countInCode(memberFlags(index, seen, g.rxMask));
    if (rxCode > 0) ev.push(`${rxCode}/${RANDOMX_MASKS.length} scratchpad masks`);
    hit('RandomX', ev.join(' + '));
  }

  // CryptoNight addresses 16-byte AES blocks: its masks end in 0xF0 (8- and 64-byte items are
  // other memory-hard code, RandomX's masks are counted above).
  if (f.memoryHardLoops > 0 && (f.scratchpadMask & -f.scratchpadMask) === 16) {
    hit('memory-hard loop', `${f.memoryHardLoops} loop(s) mixing i64.mul with scratchpad mask ${hex(f.scratchpadMask)}`);
  }
  // Data decoded in place before any export runs hides tables from this scan; the memory
  // re-check after instantiation sees them, and needs the loop shapes found here.
  if (decodes) hit('self-decoding data', 'the start function rewrites memory with xor before any export runs');
  // Only worth naming beside a hash it could be searching with (or one that may be hidden).
  if (shapes.searchLoops > 0 && (decodes || hits.some((h) => POW_HASHES.has(h.name)))) {
    const known = shapes.knownSearchLoops > 0 ? `; ${shapes.knownSearchLoops} call into code holding the hash's constants` : '';
    hit('nonce search loop', `${shapes.searchLoops} loop(s) hashing and comparing the result with a 64-bit target${known}`);
  }
  return hits;
}

function scratchSize(mask: number): string {
  const bytes = mask + (mask & -mask);
  return bytes >= 1 << 20 ? `${bytes / (1 << 20)} MiB` : `${bytes / 1024} KiB`;
}

function countInCode(members: Uint8Array): number {
  let n = 0;
  for (const m of members) if (m & FLAG_CODE) n++;
  return n;
}
