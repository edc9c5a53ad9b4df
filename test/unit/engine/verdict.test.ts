import { describe, expect, it } from 'vitest';
import { VERDICT_RANK, combineVerdicts, judgeWasm } from '../../../src/engine/verdict';
import type { WasmStats } from '../../../src/engine/wasm/report-types';

const stats: WasmStats = { bytes: 1, functions: 1, imports: 0, exports: 0, dataBytes: 0, memoryMinPages: 0, instructions: 100, xorShiftRotateDensity: 0.25 };

describe('judgeWasm', () => {
  const ev: Record<string, string> = {
    'CryptoNight scratchpad': '1 MiB scratchpad loop (mask 0xFFFF0) with table-lookup rounds and 64-bit multiplies',
    BLAKE2b: 'BLAKE2b IV: 8/8 words in code; G rotations 32/24/16/63',
    RandomX: 'AES generator keys (16/72 words in data)',
  };
  const hits = (...names: string[]) => names.map((name) => ({ name, evidence: ev[name] ?? `${name} evidence` }));
  const level = (...names: string[]) => judgeWasm(hits(...names), stats).level;
  const reason = (...names: string[]) => judgeWasm(hits(...names), stats).reason;

  it('never calls a lone primitive a miner', () => {
    for (const p of ['AES', 'Keccak', 'SHA-256', 'BLAKE2b', 'Argon2', 'Skein', 'Groestl', 'JH', 'BLAKE-256', 'Salsa20']) {
      expect(level(p)).toBe('crypto-capable');
    }
    expect(reason('Keccak')).toBe('crypto-capable: Keccak only, no mining loop: not a miner');
  });

  it('keeps general crypto libraries below suspicious, even with a search-like loop', () => {
    expect(level('AES', 'Keccak', 'SHA-256', 'SHA-512', 'BLAKE2b')).toBe('crypto-capable');
    expect(level('AES', 'Keccak', 'SHA-256', 'SHA-512', 'nonce search loop')).toBe('crypto-capable');
    expect(level('Keccak', 'Skein')).toBe('crypto-capable');
  });

  it('names the proof of work in one line', () => {
    expect(reason('Keccak', 'AES', 'CryptoNight scratchpad')).toBe('miner: CryptoNight-Lite proof of work: Keccak state + AES rounds + 1 MiB scratchpad loop');
    expect(reason('Keccak', 'AES', 'BLAKE-256')).toBe('miner: CryptoNight proof of work: Keccak state + AES rounds + finalisers BLAKE-256');
    expect(reason('RandomX', 'AES', 'BLAKE2b')).toMatch(/^miner: RandomX proof of work: AES generator keys/);
    expect(reason('BLAKE2b', 'Equihash personalisation')).toMatch(/^miner: Equihash proof of work/);
    expect(reason('Keccak', 'nonce search loop')).toMatch(/^miner: Keccak proof of work/);
    expect(reason('SHA-256', 'nonce search loop')).toMatch(/^miner: SHA-256 proof of work/);
    // Rejection sampling (hash to a field) has the same loop in a library of some size.
    expect(judgeWasm(hits('SHA-256', 'nonce search loop'), { ...stats, functions: 128 }).level).toBe('crypto-capable');
    expect(judgeWasm(hits('Salsa20', 'SHA-256', 'nonce search loop'), { ...stats, functions: 128 }).level).toBe('miner');
    expect(reason('Salsa20', 'SHA-256', 'nonce search loop')).toMatch(/^miner: scrypt proof of work/);
    expect(reason('Argon2', 'BLAKE2b', 'nonce search loop')).toMatch(/^miner: Argon2 proof of work/);
    expect(level('Keccak', 'Groestl', 'Skein')).toBe('miner');
    expect(level('Keccak', 'AES', 'memory-hard loop')).toBe('miner');
  });

  it('calls CryptoNight with run-time tables by its finalisers, table generation and loop', () => {
    expect(reason('BLAKE-256', 'Skein', 'AES table generation', 'nonce search loop')).toMatch(/^miner: CryptoNight proof of work: AES tables built at run time/);
    expect(level('BLAKE-256', 'Skein', 'AES table generation', 'CryptoNight scratchpad')).toBe('miner');
    // Each part alone, or beside primitives CryptoNight does not use, stays below miner.
    expect(level('BLAKE-256', 'Skein', 'nonce search loop')).toBe('crypto-capable');
    expect(level('BLAKE-256', 'Skein', 'AES table generation')).toBe('crypto-capable');
    expect(level('Skein', 'AES table generation', 'nonce search loop')).toBe('crypto-capable');
    expect(level('BLAKE-256', 'Skein', 'SHA-256', 'AES table generation', 'nonce search loop')).toBe('crypto-capable');
    expect(judgeWasm(hits('BLAKE-256', 'Skein', 'AES table generation', 'nonce search loop'), { ...stats, functions: 5000 }).level).toBe('crypto-capable');
  });

  it('does not call a search loop over an IV shared with SHA-512 BLAKE2b proof of work', () => {
    const ivOnly = [{ name: 'BLAKE2b', evidence: 'BLAKE2b IV: 8/8 words in data' }, { name: 'nonce search loop', evidence: 'x' }];
    expect(judgeWasm(ivOnly, stats).level).toBe('crypto-capable');
  });

  it('keeps suspicious for miner machinery without its hash', () => {
    // The scratchpad loop alone: suspicious in a small module, re-checked only in an application (bzip2 has it).
    expect(level('CryptoNight scratchpad')).toBe('suspicious');
    expect(judgeWasm(hits('CryptoNight scratchpad'), { ...stats, functions: 900 }).level).toBe('crypto-capable');
    expect(level('RandomX')).toBe('suspicious');
    expect(level('Equihash personalisation')).toBe('suspicious');
    // A scratchpad whose size is only known at run time is common in media code.
    expect(judgeWasm([{ name: 'CryptoNight scratchpad', evidence: 'scratchpad loop (size set at run time) with table-lookup rounds' }], stats).level).toBe('clean');
  });

  it('ignores loops on their own (databases and codecs have them)', () => {
    expect(level('memory-hard loop')).toBe('clean');
    expect(level('nonce search loop')).toBe('clean');
    expect(level()).toBe('clean');
  });
});

describe('combineVerdicts', () => {
  const v = (l: keyof typeof VERDICT_RANK) => ({ level: l, reason: l });
  it('keeps the stronger, whichever side it is on', () => {
    expect(combineVerdicts(v('clean'), v('miner')).level).toBe('miner');
    expect(combineVerdicts(v('suspicious'), v('crypto-capable')).level).toBe('suspicious');
    expect(combineVerdicts(v('crypto-capable'), { level: 'crypto-capable', reason: 'other' }).reason).toBe('crypto-capable');
  });
  it('ranks levels in order', () => {
    expect(VERDICT_RANK.clean).toBeLessThan(VERDICT_RANK['crypto-capable']);
    expect(VERDICT_RANK['crypto-capable']).toBeLessThan(VERDICT_RANK.suspicious);
    expect(VERDICT_RANK.suspicious).toBeLessThan(VERDICT_RANK.miner);
  });
});
