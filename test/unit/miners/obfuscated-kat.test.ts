// Every obfuscated miner fixture (test/fixtures/miners/build/obf/, made by obfuscate.mjs) must
// validate and compute the same hashes and mining results as its plain twin.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINERS, type ManifestEntry, type Miner, bytes, hex, load, manifest } from './as-helpers';

const ALL = manifest();
const OBF = ALL.filter((e) => e.obfuscation !== null);
const TRANSFORMS = ['wasm-opt-O4', 'wasm-opt-flatten-rereloop', 'wasm-opt-dae-inlining', 'wasm-opt-merge-similar',
  'rename', 'split-constants', 'encode-data', 'flatten-cfg', 'combo'];
// Keccak round constants 1..2 as they sit in a little-endian table: present in every plain fixture
// that carries the Keccak table in a data segment.
const KECCAK_RC_BYTES = Buffer.from('82800000000000008a80000000000080', 'hex');

// Fewer iterations of the main loop so every variant runs quickly; both twins get the same.
const ITERATIONS: Record<string, number> = { cryptonight: 64, randomx: 16, argon2: 1, scrypt: 16, equihash: 8 };

function io(m: Miner): number {
  return m.has('input_ptr') ? Number(m.fn('input_ptr')()) : 0x400;
}

function prepare(m: Miner, e: ManifestEntry): void {
  // The C Equihash miner reads its argument as the list size and takes anything under 16 as
  // "the full 2^21 list" (about a minute a hash once obfuscated): give it 2^12 entries.
  const n = e.family === 'equihash' && e.toolchain === 'clang' ? 4096 : ITERATIONS[e.family];
  if (n === undefined) return;
  if (m.has('set_iterations')) m.fn('set_iterations')(n);
  else if (m.has('setIterations')) m.fn('setIterations')(n);
  if (m.has('rx_cache_kib')) m.fn('rx_cache_kib')(256); // the C RandomX miners' Argon2d cache size
}

function run(m: Miner, input: Uint8Array): string {
  const base = io(m);
  m.put(input, base);
  m.fn('hash')(base, input.length, base + 0x100);
  return hex(m.get(base + 0x100, 32));
}

function mine(m: Miner, blob: Uint8Array, count: number): string {
  const job = Number(m.fn('job_ptr')());
  const dv = new DataView(m.mem().buffer);
  dv.setUint32(job, blob.length, true);
  m.mem().set(blob, job + 4);
  m.mem().fill(0xff, Number(m.fn('target_ptr')()), Number(m.fn('target_ptr')()) + 8);
  const found = m.fn('mine')(7, count);
  return `${found}:${hex(m.get(Number(m.fn('result_ptr')()), 4 + count * 36))}`;
}

const INPUTS = [bytes(76, 1), bytes(43, 2), new Uint8Array(0)];
// families whose every hash sweeps a scratchpad of megabytes: the plain twin hashes two inputs,
// the obfuscated one the first of them, and mining is checked on the light families only
const HEAVY = new Set(['cryptonight', 'randomx']);
const inputsFor = (e: ManifestEntry) => (HEAVY.has(e.family) ? INPUTS.slice(0, 2) : INPUTS);
const nonces = 2;
// Running every heavy variant takes many minutes on a small machine: heavy families run all
// transforms for one build per toolchain (clang O2, AssemblyScript O3, the WAT cn-like) of the
// reference variants (v0, rx0, cn-like); the other heavy builds are validated, hash-checked and
// checked for their transform's traces, but not run.
const FULL_HEAVY = (e: ManifestEntry) => ['v0', 'rx0', 'cn-like'].includes(e.variant) && ['O2', 'O3', 'wabt'].includes(e.opt);
const runs = (e: ManifestEntry) => !HEAVY.has(e.family) || FULL_HEAVY(e);

// the plain twin's answers, computed once per source
const plainAnswers = new Map<string, { hashes: string[]; mined: string | null }>();
function answersOf(e: ManifestEntry): { hashes: string[]; mined: string | null } {
  let a = plainAnswers.get(e.source!);
  if (!a) {
    const plain = load(e.source!);
    prepare(plain, e);
    a = {
      hashes: inputsFor(e).map((input) => run(plain, input)),
      mined: !HEAVY.has(e.family) && plain.has('mine') && plain.has('job_ptr') ? mine(plain, bytes(76, 9), nonces) : null,
    };
    plainAnswers.set(e.source!, a);
  }
  return a;
}

describe('obfuscated miner fixtures', () => {
  it('exist for every plain fixture and every transform', () => {
    const plain = ALL.filter((e) => e.obfuscation === null);
    expect(plain.length).toBeGreaterThan(0);
    const bySource = new Map<string, Set<string>>();
    for (const e of OBF) {
      if (!e.source) throw new Error(`${e.file} has no source`);
      bySource.set(e.source, (bySource.get(e.source) ?? new Set()).add(e.obfuscation!));
    }
    expect(bySource.get('../wasm/build/cn-like.wasm')).toEqual(new Set(TRANSFORMS));
    for (const e of plain) {
      if (!bySource.has(e.file)) continue; // built after the last obfuscation run
      // a wasm-opt transform that changed nothing writes no file; every other transform must be there
      const have = bySource.get(e.file)!;
      for (const t of TRANSFORMS) if (!t.startsWith('wasm-opt-')) expect(have.has(t), `${e.file} ${t}`).toBe(true);
      for (const t of have) expect(TRANSFORMS).toContain(t);
    }
    // at least the AssemblyScript fixtures must all be covered
    for (const e of plain.filter((p) => p.toolchain === 'assemblyscript')) expect(bySource.has(e.file), e.file).toBe(true);
  });

  // A plain fixture rebuilt since the last obfuscation run (its bytes no longer match the
  // entry's sourceSha256) has stale twins: they are reported as skipped until obfuscate.mjs runs.
  const sourceSha = new Map<string, string>();
  const stale = (e: ManifestEntry & { sourceSha256?: string }) => {
    if (!sourceSha.has(e.source!)) sourceSha.set(e.source!, createHash('sha256').update(readFileSync(join(MINERS, e.source!))).digest('hex'));
    return sourceSha.get(e.source!) !== e.sourceSha256;
  };
  for (const e of OBF) {
    it.skipIf(stale(e))(`${e.file} matches ${e.source}`, () => {
      const buf = readFileSync(join(MINERS, e.file));
      const src = readFileSync(join(MINERS, e.source!));
      expect(WebAssembly.validate(buf)).toBe(true);
      expect(createHash('sha256').update(buf).digest('hex')).toBe(e.sha256);
      expect(buf.equals(src)).toBe(false);

      if (runs(e)) {
        const plain = answersOf(e);
        const obf = load(e.file, e.exports);
        prepare(obf, e);
        expect(new Set(plain.hashes).size).toBe(plain.hashes.length); // the hash really depends on its input
        if (HEAVY.has(e.family)) expect(run(obf, INPUTS[0])).toBe(plain.hashes[0]);
        else expect(inputsFor(e).map((input) => run(obf, input))).toEqual(plain.hashes);
        if (plain.mined !== null) expect(mine(obf, bytes(76, 9), nonces)).toBe(plain.mined);
      }

      const stats = (e as ManifestEntry & { stats?: Record<string, number> }).stats ?? {};
      if (e.obfuscation === 'flatten-cfg' || e.obfuscation === 'combo') expect(stats.dispatchedFunctions).toBeGreaterThan(0);
      if (e.obfuscation === 'split-constants' || e.obfuscation === 'combo') expect(stats.splitConstants).toBeGreaterThan(10);
      if (e.obfuscation === 'encode-data' || e.obfuscation === 'combo') expect(stats.encodedSegments).toBeGreaterThan(0);
      if (e.obfuscation === 'rename' || e.obfuscation === 'combo') {
        const mod = new WebAssembly.Module(buf);
        expect(WebAssembly.Module.customSections(mod, 'name')).toHaveLength(0);
        const names = WebAssembly.Module.exports(mod).map((x) => x.name);
        expect(names).not.toContain('hash');
        expect(names).not.toContain('memory');
        expect(Object.keys(e.exports ?? {})).toContain('hash');
      }
      if ((e.obfuscation === 'encode-data' || e.obfuscation === 'combo') && src.includes(KECCAK_RC_BYTES)) {
        expect(buf.includes(KECCAK_RC_BYTES)).toBe(false); // not in the file...
        expect(Buffer.from(load(e.file, e.exports).mem().buffer).includes(KECCAK_RC_BYTES)).toBe(true); // ...only in memory
      }
    }, 60_000);
  }
});
