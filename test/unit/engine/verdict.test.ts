import { describe, expect, it } from 'vitest';
import { VERDICT_RANK, combineVerdicts, judgeWasm } from '../../../src/engine/verdict';
import type { WasmStats } from '../../../src/engine/wasm/report-types';

const stats: WasmStats = { bytes: 1, functions: 1, imports: 0, exports: 0, dataBytes: 0, memoryMinPages: 0, instructions: 100, xorShiftRotateDensity: 0.25 };
const hits = (...names: string[]) => names.map((name) => ({ name, evidence: name === 'CryptoNight scratchpad' ? 'scratchpad mask 0xFFFF0 (1 MiB), iterations 0x40000' : `${name} evidence` }));
const level = (...names: string[]) => judgeWasm(hits(...names), stats).level;

describe('judgeWasm', () => {
  it('never calls a lone primitive a miner', () => {
    for (const p of ['AES', 'Keccak', 'SHA-256', 'BLAKE2b', 'Argon2', 'Skein', 'Groestl', 'JH', 'BLAKE-256']) {
      expect(level(p)).toBe('crypto-capable');
    }
    expect(judgeWasm(hits('Keccak'), stats).reason).toBe('crypto-capable (Keccak only): not a miner');
  });

  it('keeps general crypto libraries (Keccak+AES+SHA-2) below suspicious', () => {
    expect(level('AES', 'Keccak', 'SHA-256', 'SHA-512', 'BLAKE2b')).toBe('crypto-capable');
  });

  it('needs a miner-specific combination for miner', () => {
    expect(level('Keccak', 'AES', 'CryptoNight scratchpad')).toBe('miner');
    expect(judgeWasm(hits('Keccak', 'AES', 'CryptoNight scratchpad'), stats).reason).toBe('miner (CryptoNight: AES+Keccak, scratchpad mask 0xFFFF0)');
    expect(level('Keccak', 'Groestl', 'Skein')).toBe('miner');
    expect(level('Keccak', 'AES', 'memory-hard loop')).toBe('miner');
    expect(level('RandomX', 'AES', 'Argon2', 'BLAKE2b')).toBe('miner');
  });

  it('marks partial combinations suspicious', () => {
    expect(level('Keccak', 'Skein')).toBe('suspicious');
    expect(level('CryptoNight scratchpad')).toBe('suspicious');
    expect(level('RandomX')).toBe('suspicious');
    expect(level('Keccak', 'memory-hard loop')).toBe('suspicious');
  });

  it('ignores a memory-hard loop on its own (databases have them)', () => {
    expect(level('memory-hard loop')).toBe('clean');
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
