import type { Verdict, VerdictLevel } from './types';
import { CN_VARIANTS } from './wasm/constants/miners';
import type { PrimitiveHit, WasmStats } from './wasm/report-types';

export const VERDICT_RANK: Readonly<Record<VerdictLevel, number>> = {
  clean: 0, 'crypto-capable': 1, suspicious: 2, miner: 3,
};

/** Hits that describe miner machinery rather than a reusable crypto primitive. */
const MARKERS = new Set(['CryptoNight scratchpad', 'memory-hard loop', 'RandomX', 'nonce search loop', 'Equihash personalisation', 'self-decoding data', 'AES table generation']);
/** CryptoNight picks one of these by the state's low bits to finish the hash. */
const FINALISERS = ['BLAKE-256', 'Groestl', 'JH', 'Skein'];
const ORDER = ['AES', 'Keccak', 'BLAKE-256', 'Groestl', 'JH', 'Skein', 'BLAKE2b', 'Argon2', 'Salsa20', 'SHA-256', 'SHA-512', 'Blowfish'];
/**
 * A nonce search loop over one of these hashes is that proof of work. The module must carry
 * the family's primitives and nothing else: a general crypto library (libsodium, Go's crypto)
 * loops over hashes with 64-bit compares too, but carries a dozen primitives.
 */
const POW_FAMILIES: [string, string[]][] = [
  ['Argon2', ['Argon2', 'BLAKE2b']],
  ['scrypt', ['Salsa20', 'SHA-256']],
  ['BLAKE2b', ['BLAKE2b']],
  ['Keccak', ['Keccak']],
  ['SHA-256', ['SHA-256']],
];

/** Above this many functions the nonce-search-loop shape no longer counts. */
export const SEARCH_LOOP_MAX_FUNCTIONS = 1000;
/**
 * SHA-256 is in every toolkit, and "hash with a counter until the result is below a bound" is
 * also how rejection sampling hashes to a field or curve (kzg-wasm, 128 functions, has such a
 * loop). A search loop over SHA-256 alone therefore counts only in a module that is little
 * more than that loop; a SHA-256d miner linked into something larger needs a rule or a hash.
 */
const SHA256_SEARCH_MAX_FUNCTIONS = 64;
/** A module this small is built around its hot loop; bzip2's Wasm build has ~900 functions. */
const SMALL_MODULE_FUNCTIONS = 200;

function ordered(names: Iterable<string>): string[] {
  const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const say = (level: VerdictLevel, line: string): Verdict => ({ level, reason: `${level}: ${line}` });

/**
 * Hash libraries, password hashing, wallets and codecs all carry crypto primitives, so one
 * primitive, or several unrelated ones, is never enough: 'miner' needs what only a miner has
 * a use for (a proof-of-work algorithm's own constants or scratchpad loop, or a loop that
 * hashes nonces and compares the result with a target). 'suspicious' is kept for miner
 * machinery without its hash, which is worth a user's attention; anything else is at most
 * 'crypto-capable'. Each reason is one line a user can read.
 */
export function judgeWasm(hits: readonly PrimitiveHit[], stats?: WasmStats): Verdict {
  const names = new Set(hits.map((h) => h.name));
  const has = (n: string) => names.has(n);
  const evidence = (n: string) => hits.find((h) => h.name === n)?.evidence ?? '';
  const primitives = ordered([...names].filter((n) => !MARKERS.has(n)));
  const list = primitives.join(' + ');
  const keccak = has('Keccak');
  const aes = has('AES');
  const finalisers = FINALISERS.filter(has);
  const scratchpad = has('CryptoNight scratchpad');
  const memoryHardLoop = has('memory-hard loop');
  // A loop comparing a hash word with a 64-bit value is a weak shape: in an application with
  // thousands of functions (field arithmetic, codecs) some loop has it by chance. Browser
  // miners are small modules built around their hash.
  const search = has('nonce search loop') && (!stats || stats.functions <= SEARCH_LOOP_MAX_FUNCTIONS);
  const randomx = has('RandomX');
  const zcash = has('Equihash personalisation');

  if (randomx && (aes || has('BLAKE2b') || has('Argon2') || scratchpad)) {
    const parts = [evidence('RandomX')];
    if (scratchpad) parts.push(scratchpadLine(evidence('CryptoNight scratchpad')));
    parts.push(`with ${list || 'its scratchpad loop'}`);
    return say('miner', `RandomX proof of work: ${parts.join(' + ')}`);
  }
  // CNS008: Keccak-f state, AES rounds over the scratchpad, one of four finalisers. Any two of
  // the three machine parts beside Keccak are only ever found together in CryptoNight.
  // A scratchpad mask of CryptoNight's own sizes over 16-byte blocks (…F0).
  const sizedScratchpad = scratchpad && /^\d+ [KM]iB scratchpad loop \(mask 0x[0-9A-F]*F0\)/.test(evidence('CryptoNight scratchpad'));
  // Only CryptoNight's own parts: a general crypto library has Keccak and AES beside SHA-2 and more.
  const onlyCn = primitives.every((p) => p === 'Keccak' || p === 'AES' || FINALISERS.includes(p));
  if (keccak && onlyCn && (aes || scratchpad) && (sizedScratchpad || memoryHardLoop || finalisers.length >= 1)) {
    const parts = ['Keccak state', aes ? 'AES rounds' : 'table-lookup rounds'];
    if (scratchpad) parts.push(scratchpadLine(evidence('CryptoNight scratchpad')));
    else if (memoryHardLoop) parts.push(`scratchpad loop (${evidence('memory-hard loop')})`);
    if (finalisers.length) parts.push(`finalisers ${finalisers.join('/')}`);
    return say('miner', `${cryptoNightName(evidence('CryptoNight scratchpad'))} proof of work: ${parts.join(' + ')}`);
  }
  if (keccak && finalisers.length >= 2) {
    return say('miner', `CryptoNight proof of work: Keccak state + finalisers ${finalisers.join('/')}`);
  }
  // Tables computed at run time hide Keccak's and AES's constants; two of the four finalisers,
  // the code that builds the AES tables and the miner's own loop (scratchpad or nonce search)
  // are still there, and that set has no use outside CryptoNight.
  if (finalisers.length >= 2 && onlyCn && has('AES table generation') && (scratchpad || memoryHardLoop || search)) {
    const loop = scratchpad ? scratchpadLine(evidence('CryptoNight scratchpad'))
      : memoryHardLoop ? `scratchpad loop (${evidence('memory-hard loop')})` : 'a loop hashing nonces and comparing the result with a target';
    return say('miner', `${cryptoNightName(evidence('CryptoNight scratchpad'))} proof of work: AES tables built at run time + ${loop} + finalisers ${finalisers.join('/')}`);
  }
  if (zcash && (has('BLAKE2b') || search)) {
    return say('miner', `Equihash proof of work: BLAKE2b with the "ZcashPoW" personalisation${search ? ' + nonce search loop' : ''}`);
  }
  // CryptoNight whose finaliser is not recognisable: Keccak state and AES rounds driven by a nonce loop.
  if (search && keccak && aes && onlyCn) {
    return say('miner', `CryptoNight proof of work: Keccak state + AES rounds + a loop hashing nonces and comparing the result with a target`);
  }
  if (search) {
    // An IV shared with SHA-512 is not enough to call a search loop BLAKE2b proof of work.
    // The Argon2 hit already required the G rotations or sigma, which rule out SHA-512.
    const sure = (n: string) => has(n) && (n !== 'BLAKE2b' || has('Argon2') || /G rotations|sigma|personalisation/.test(evidence('BLAKE2b')));
    const family = POW_FAMILIES.find(([name, set]) => set.every(sure) && primitives.every((p) => set.includes(p))
      && (name !== 'SHA-256' || !stats || stats.functions <= SHA256_SEARCH_MAX_FUNCTIONS));
    if (family) {
      return say('miner', `${family[0]} proof of work: ${list} + a loop hashing nonces and comparing the result with a target`);
    }
  }

  // Miner machinery without its hash: worth a user's attention, not a refusal.
  // Only a loop masked with a scratchpad-sized constant: a size set at run time is common in media code.
  // The CryptoNight loop shape alone, in a small module built around it, is worth a user's
  // attention (its tables may be written from JS). In an application (bzip2's block sorter has
  // the shape) it is only worth the memory re-check, which sees tables written at run time.
  if (sizedScratchpad && primitives.every((p) => p === 'AES' || p === 'Keccak')) {
    if (stats && stats.functions <= SMALL_MODULE_FUNCTIONS) {
      return say('suspicious', `${scratchpadLine(evidence('CryptoNight scratchpad'))} with table lookups and 64-bit multiplies, the CryptoNight shape, but no Keccak found`);
    }
    return say('crypto-capable', `${scratchpadLine(evidence('CryptoNight scratchpad'))} with table lookups and 64-bit multiplies, but no Keccak: checked again once running`);
  }
  if (randomx) return say('suspicious', `RandomX constants (${evidence('RandomX')}) without its hashing code`);
  if (zcash) return say('suspicious', 'the Equihash "ZcashPoW" personalisation without BLAKE2b code');

  // Not alarming by itself (packers do it), but the constants only exist once it has run:
  // crypto-capable makes the hook look at linear memory again after instantiation.
  if (primitives.length === 0 && has('self-decoding data')) {
    return say('crypto-capable', `data decoded in place at start-up${search ? ' and a hashing loop' : ''}: checked again once running`);
  }
  if (primitives.length === 1) return say('crypto-capable', `${list} only, no mining loop: not a miner`);
  // Keccak+AES+SHA-2 together is simply a general crypto library (Go's TLS stack, OpenSSL builds).
  if (primitives.length > 1) return say('crypto-capable', `${list}, no proof-of-work combination: not a miner`);
  return say('clean', 'no mining primitives recognised');
}

function scratchpadLine(ev: string): string {
  const size = /^(\d+ [KM]iB)/.exec(ev)?.[1];
  return size ? `${size} scratchpad loop` : 'scratchpad loop';
}

function cryptoNightName(ev: string): string {
  const size = /^(\d+ [KM]iB)/.exec(ev)?.[1];
  return (size && CN_VARIANTS[size]) || 'CryptoNight';
}

/** The stronger of two verdicts; on a tie the first is kept. */
export function combineVerdicts(a: Verdict, b: Verdict): Verdict {
  return VERDICT_RANK[b.level] > VERDICT_RANK[a.level] ? b : a;
}
