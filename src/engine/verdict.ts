import type { Verdict, VerdictLevel } from './types';
import type { PrimitiveHit, WasmStats } from './wasm/report-types';

export const VERDICT_RANK: Readonly<Record<VerdictLevel, number>> = {
  clean: 0, 'crypto-capable': 1, suspicious: 2, miner: 3,
};

/** Hits that describe miner machinery rather than a reusable crypto primitive. */
const MARKERS = new Set(['CryptoNight scratchpad', 'memory-hard loop', 'RandomX']);
/** CryptoNight picks one of these by the state's low bits to finish the hash. */
const FINALISERS = ['BLAKE-256', 'Groestl', 'JH', 'Skein'];
const ORDER = ['AES', 'Keccak', 'BLAKE-256', 'Groestl', 'JH', 'Skein', 'BLAKE2b', 'Argon2', 'SHA-256', 'SHA-512', 'Blowfish'];

function ordered(names: Iterable<string>): string[] {
  const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * Hash libraries, password hashing, wallets and codecs all carry crypto primitives, so one
 * primitive, or several unrelated ones, is never enough: 'miner' needs a combination only
 * miners have a use for.
 */
export function judgeWasm(hits: readonly PrimitiveHit[], stats: WasmStats): Verdict {
  const names = new Set(hits.map((h) => h.name));
  const has = (n: string) => names.has(n);
  const evidence = (n: string) => hits.find((h) => h.name === n)?.evidence ?? '';
  const primitives = ordered([...names].filter((n) => !MARKERS.has(n)));
  const list = primitives.join('+');
  const keccak = has('Keccak');
  const aes = has('AES');
  const finalisers = FINALISERS.filter(has);
  const scratchpad = has('CryptoNight scratchpad');
  const memoryHardLoop = has('memory-hard loop');
  const randomx = has('RandomX');

  if (randomx && (aes || has('BLAKE2b') || has('Argon2'))) {
    return { level: 'miner', reason: `miner (RandomX: ${evidence('RandomX')}; with ${list})` };
  }
  if (keccak && aes && scratchpad) {
    const mask = /scratchpad mask 0x[0-9A-F]+/.exec(evidence('CryptoNight scratchpad'))?.[0] ?? 'scratchpad';
    return { level: 'miner', reason: `miner (CryptoNight: ${list}, ${mask})` };
  }
  if (keccak && finalisers.length >= 2) {
    return { level: 'miner', reason: `miner (CryptoNight family: ${list}; Keccak with ${finalisers.length} finaliser hashes)` };
  }
  if (keccak && aes && memoryHardLoop) {
    const density = Math.round(stats.xorShiftRotateDensity * 100);
    return { level: 'miner', reason: `miner (memory-hard loop: ${list}; ${evidence('memory-hard loop')}; ${density}% xor/shift/rotate)` };
  }

  const partial: string[] = [];
  if (keccak && finalisers.length === 1) partial.push(`Keccak with finaliser ${finalisers[0]}`);
  if (scratchpad) partial.push(evidence('CryptoNight scratchpad'));
  if (randomx) partial.push(`RandomX: ${evidence('RandomX')}`);
  if (memoryHardLoop && (keccak || aes)) partial.push(evidence('memory-hard loop'));
  if (partial.length > 0) {
    return { level: 'suspicious', reason: `suspicious (${partial.join('; ')}${list ? `; primitives ${list}` : ''})` };
  }
  if (primitives.length === 1) return { level: 'crypto-capable', reason: `crypto-capable (${list} only): not a miner` };
  // Keccak+AES+SHA-2 together is simply a general crypto library (Go's TLS stack, OpenSSL builds).
  if (primitives.length > 1) return { level: 'crypto-capable', reason: `crypto-capable (${list}): no miner combination` };
  return { level: 'clean', reason: 'clean: no mining primitives recognised' };
}

/** The stronger of two verdicts; on a tie the first is kept. */
export function combineVerdicts(a: Verdict, b: Verdict): Verdict {
  return VERDICT_RANK[b.level] > VERDICT_RANK[a.level] ? b : a;
}
