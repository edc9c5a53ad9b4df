import { describe, expect, it } from 'vitest';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { analyzeWasm, reassess, scanMemory } from '../../../../src/engine/wasm/analyze';
import { benignModules, fixture } from './fixture-helpers';
import { keccakRoundConstants } from '../../../../src/engine/wasm/constants/keccak';
import { aesTe0, rotr32 } from '../../../../src/engine/wasm/constants/aes';

const names = (r: ReturnType<typeof analyzeWasm>) => r.primitives.map((p) => p.name).sort();

describe('fixture verdicts', () => {
  it.each([
    ['cn-like', 'miner'],
    ['demo-miner', 'miner'],
    ['keccak-only', 'crypto-capable'],
    ['sha256-only', 'crypto-capable'],
    ['benign-add', 'clean'],
    ['tables-from-js', 'suspicious'],
  ])('%s is %s', (name, level) => {
    const r = analyzeWasm(fixture(name));
    expect(r.ok).toBe(true);
    expect(r.verdict.level).toBe(level);
  });

  it('names the CryptoNight combination and the mask in the reason', () => {
    const r = analyzeWasm(fixture('cn-like'));
    expect(names(r)).toEqual(expect.arrayContaining(['AES', 'Keccak', 'BLAKE-256', 'Groestl', 'JH', 'Skein', 'CryptoNight scratchpad']));
    expect(r.verdict.reason).toBe('miner: CryptoNight proof of work: Keccak state + AES rounds + 2 MiB scratchpad loop + finalisers BLAKE-256/Groestl/JH/Skein');
  });

  it('says a lone primitive is not a miner', () => {
    expect(analyzeWasm(fixture('sha256-only')).verdict.reason).toBe('crypto-capable: SHA-256 only, no mining loop: not a miner');
  });

  it('counts module shape', () => {
    const r = analyzeWasm(fixture('benign-add'));
    expect(r.stats).toMatchObject({ functions: 1, imports: 0, exports: 1, dataBytes: 0, memoryMinPages: 0, instructions: 4 });
    const cn = analyzeWasm(fixture('cn-like'));
    expect(cn.stats.memoryMinPages).toBe(34);
    expect(cn.stats.dataBytes).toBe(192 + 4096 + 64 + 2048);
    expect(cn.stats.xorShiftRotateDensity).toBeGreaterThan(0.1);
  });
});

describe('fixtures really compute', () => {
  it('keccak-only is Keccak-f[1600]: sponge over it gives Keccak-256', async () => {
    const { instance } = await WebAssembly.instantiate(fixture('keccak-only'));
    const mem = new Uint8Array((instance.exports.memory as WebAssembly.Memory).buffer);
    const msg = new TextEncoder().encode('miner sentry');
    mem.fill(0, 0, 200);
    mem.set(msg, 0);
    mem[msg.length] ^= 0x01;
    mem[135] ^= 0x80;
    (instance.exports.keccakf as (p: number) => void)(0);
    expect(Array.from(mem.subarray(0, 32))).toEqual(Array.from(keccak_256(msg)));
  });

  it('sha256-only compresses like SHA-256', async () => {
    const { instance } = await WebAssembly.instantiate(fixture('sha256-only'));
    const buf = (instance.exports.memory as WebAssembly.Memory).buffer;
    const msg = new TextEncoder().encode('abc');
    const block = new Uint8Array(buf, 0x100, 64);
    block.fill(0);
    block.set(msg);
    block[msg.length] = 0x80;
    block[63] = msg.length * 8;
    const h = new Uint32Array(buf, 0, 8);
    h.set([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    (instance.exports.compress as (h: number, b: number) => void)(0, 0x100);
    const digest = new Uint8Array(32);
    new DataView(digest.buffer).setUint32(0, 0);
    h.forEach((w, i) => new DataView(digest.buffer).setUint32(i * 4, w));
    expect(Array.from(digest)).toEqual(Array.from(sha256(msg)));
  });

  it.each(['cn-like', 'demo-miner'])('%s hashes deterministically and input-dependently', async (name) => {
    const { instance } = await WebAssembly.instantiate(fixture(name));
    const ex = instance.exports as { memory: WebAssembly.Memory; hash(i: number, l: number, o: number): void; setIterations(n: number): void };
    ex.setIterations(64);
    const mem = new Uint8Array(ex.memory.buffer);
    const run = (text: string) => {
      mem.set(new TextEncoder().encode(text), 0x400);
      ex.hash(0x400, text.length, 0x500);
      return Array.from(mem.slice(0x500, 0x520));
    };
    const a = run('block header 1');
    expect(run('block header 1')).toEqual(a);
    expect(run('block header 2')).not.toEqual(a);
    expect(a.some((b) => b !== 0)).toBe(true);
  });
});

describe('tables written from JS', () => {
  it('memory scan finds them and reassess upgrades to miner', async () => {
    const bytes = fixture('tables-from-js');
    const before = analyzeWasm(bytes);
    expect(names(before)).not.toContain('AES');
    expect(names(before)).not.toContain('Keccak');
    const { instance } = await WebAssembly.instantiate(bytes);
    const ex = instance.exports as { memory: WebAssembly.Memory; rcAddr(): number; teAddr(): number };
    const buf = ex.memory.buffer;
    expect(scanMemory(new Uint8Array(buf))).toEqual([]);
    const rc = new DataView(buf, ex.rcAddr(), 192);
    keccakRoundConstants().forEach((w, i) => { rc.setInt32(i * 8, w.lo, true); rc.setInt32(i * 8 + 4, w.hi, true); });
    const te = new Uint32Array(buf, ex.teAddr(), 1024);
    [0, 8, 16, 24].forEach((r, t) => aesTe0().forEach((v, i) => { te[t * 256 + i] = rotr32(v, r); }));
    const extra = scanMemory(new Uint8Array(buf));
    expect(extra.map((h) => h.name).sort()).toEqual(['AES', 'Keccak']);
    expect(extra[0].evidence).toMatch(/memory/);
    const after = reassess(before, extra);
    expect(after.verdict.level).toBe('miner');
    expect(before.verdict.level).toBe('suspicious');
  });
});

describe('benign npm modules', () => {
  const mods = benignModules();
  it('finds the modules to test', () => {
    expect(mods.length).toBeGreaterThanOrEqual(10);
  });
  it.each(mods.map((m) => [m.name, m.bytes] as const))('%s is valid and not a miner', (_name, bytes) => {
    expect(WebAssembly.validate(bytes)).toBe(true);
    const r = analyzeWasm(bytes);
    expect(r.error).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.verdict.level).not.toBe('miner');
    expect(r.verdict.level).not.toBe('suspicious');
  });
  it('recognises the primitives the hash libraries are named after', () => {
    const by = new Map(mods.map((m) => [m.name, names(analyzeWasm(m.bytes))]));
    expect(by.get('hash-wasm sha3')).toContain('Keccak');
    expect(by.get('hash-wasm sha256')).toContain('SHA-256');
    expect(by.get('hash-wasm blake2b')).toContain('BLAKE2b');
    expect(by.get('hash-wasm bcrypt')).toEqual(['Blowfish']);
    expect(by.get('argon2-browser')).toEqual(['Argon2', 'BLAKE2b']);
    expect(by.get('sql.js')).not.toContain('AES');
  });
});
