// The native walker (src/engine/wasm/native/) must be a pure speed-up: for every module the
// JS and native analysers return the same report, field for field, errors included. Valid
// modules must really be walked natively (a silent fallback would hide a broken port), and
// every reason to fall back must leave no trace of the attempt.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { analyzeWasm, createStreamingAnalyzer } from '../../../../src/engine/wasm/analyze';
import { analyzeWasmNative, analyzeWasmOn, createNativeStreamingAnalyzer, NATIVE_WALK_FROM, releaseWalker } from '../../../../src/engine/wasm/analyze-native';
import { NativeWalker } from '../../../../src/engine/wasm/native/native-walker';
import { globalWasmPlatform, type WasmPlatform } from '../../../../src/engine/wasm/native/wasm-platform';
import { ROOT, benignModules } from './fixture-helpers';

function wasmFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? wasmFiles(p) : e.name.endsWith('.wasm') ? [p] : [];
  });
}

const own = [...wasmFiles(resolve(ROOT, 'test/fixtures/wasm/build')), ...wasmFiles(resolve(ROOT, 'test/fixtures/miners/build'))]
  .map((p) => ({ name: p.slice(ROOT.length + 1), bytes: new Uint8Array(readFileSync(p)) }));
const CORPUS = process.env.BENIGN_CORPUS_DIR ? resolve(process.env.BENIGN_CORPUS_DIR) : join(ROOT, '.cache/benign-corpus');
const corpus = wasmFiles(join(CORPUS, 'modules'));
if (!corpus.length) console.warn('native walker: benign corpus absent (npm run corpus:fetch), compared on own fixtures and node_modules only');

/** Both reports, and whether the native walker took each code and data section (true) or gave it back (false). */
function both(bytes: Uint8Array): { js: string; native: string; walked: boolean[]; scanned: boolean[] } {
  const code = vi.spyOn(NativeWalker.prototype, 'walkCode');
  const data = vi.spyOn(NativeWalker.prototype, 'walkData');
  try {
    const native = JSON.stringify(analyzeWasmNative(bytes));
    return {
      js: JSON.stringify(analyzeWasm(bytes)), native,
      walked: code.mock.results.map((r) => r.value as boolean),
      scanned: data.mock.results.map((r) => (r.value as number) >= 0),
    };
  } finally {
    code.mockRestore();
    data.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('native walker: same report as the JS walker', () => {
  it('on every own fixture, plain and obfuscated, walking each natively', () => {
    expect(own.length).toBeGreaterThan(100);
    for (const m of own) {
      const r = both(m.bytes);
      expect(r.native, m.name).toBe(r.js);
      expect(JSON.parse(r.js).ok, m.name).toBe(true);
      expect(r.walked.every(Boolean), m.name).toBe(true);
      expect(r.scanned.every(Boolean), m.name).toBe(true);
    }
    // Not vacuous: the fixtures have code and data sections, and the data holds constants.
    expect(own.filter((m) => both(m.bytes).scanned.length > 0).length).toBeGreaterThan(10);
  });

  it('on benign modules from node_modules (sql.js, esbuild, argon2, hash-wasm, libsodium)', () => {
    const mods = benignModules();
    expect(mods.length).toBeGreaterThan(5);
    for (const m of mods) {
      const r = both(m.bytes);
      expect(r.native, m.name).toBe(r.js);
      expect(r.walked.every(Boolean), m.name).toBe(true);
      expect(r.scanned.every(Boolean), m.name).toBe(true);
    }
  });

  it.skipIf(!corpus.length)('on every module of the benign corpus', { timeout: 600_000 }, () => {
    for (const p of corpus) {
      const r = both(new Uint8Array(readFileSync(p)));
      expect(r.native, p).toBe(r.js);
      if (JSON.parse(r.js).ok) expect([...r.walked, ...r.scanned].every(Boolean), p).toBe(true);
    }
  });

  it('streamed in small chunks, as a page streams it', () => {
    for (const m of own.filter((_, i) => i % 10 === 0)) {
      const js = createStreamingAnalyzer();
      const native = createNativeStreamingAnalyzer();
      for (let i = 0; i < m.bytes.length; i += 4093) {
        js.push(m.bytes.subarray(i, i + 4093));
        native.push(m.bytes.subarray(i, i + 4093));
      }
      expect(JSON.stringify(native.finish()), m.name).toBe(JSON.stringify(js.finish()));
    }
  });
});

// A module of one function `() -> ()` whose body (locals vector included) is given, and
// optionally a data section's contents (after its count) with a memory for it.
function module(body: number[], data?: { count: number; bytes: number[] }): Uint8Array {
  const leb = (n: number) => { const out = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n); return out; };
  const section = (id: number, content: number[]) => [id, ...leb(content.length), ...content];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 0]),
    ...section(3, [1, 0]),
    ...(data ? section(5, [1, 0, 1]) : []),
    ...section(10, [1, ...leb(body.length), ...body]),
    ...(data ? section(11, [...leb(data.count), ...data.bytes]) : []),
  ]);
}

const SHA256_K0 = [0x98, 0x2f, 0x8a, 0x42]; // 0x428a2f98, little-endian

describe('native walker: every fallback reports what the JS walker reports', () => {
  const cases: [string, number[]][] = [
    ['a valid body (control)', [0, 0x41, 0x2a, 0x1a, 0x0b]],
    ['an unknown opcode', [0, 0x06, 0x0b]],
    ['a body without its end', [0, 0x01, 0x01]],
    ['an instruction running past the body', [0, 0x41, 0x80, 0x80]],
    ['an over-long LEB', [0, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0b]],
    ['too many locals', [2, 0xc0, 0x84, 0x3d, 0x7f, 0xc0, 0x84, 0x3d, 0x7f, 0x0b]],
    ['an unknown local type', [1, 1, 0x40, 0x0b]],
    ['code after the final end', [0, 0x0b, 0x01]],
    ['loops nested deeper than the port holds', [0, ...Array(17000).fill([0x03, 0x40]).flat(), ...Array(17001).fill(0x0b)]],
  ];
  const dataCases: [string, { count: number; bytes: number[] }, boolean][] = [
    ['a data segment (control)', { count: 1, bytes: [0, 0x41, 0x10, 0x0b, 8, ...SHA256_K0, ...SHA256_K0] }, true],
    ['a passive segment (control)', { count: 1, bytes: [1, 4, ...SHA256_K0] }, true],
    ['bad segment flags', { count: 1, bytes: [3, 0x41, 0, 0x0b, 0] }, false],
    ['a segment longer than its section', { count: 1, bytes: [0, 0x41, 0, 0x0b, 9, ...SHA256_K0] }, false],
    ['fewer segments than declared', { count: 2, bytes: [1, 1, 7] }, false],
    ['bytes after the last segment', { count: 1, bytes: [1, 1, 7, 0] }, false],
    ['an offset expression without its end', { count: 1, bytes: [0, 0x41, 0, 1, 0x0b] }, false],
  ];
  for (const [name, data, clean] of dataCases) {
    it(name, () => {
      const r = both(module([0, 0x0b], data));
      expect(r.native).toBe(r.js);
      expect(r.scanned).toEqual([clean]);
      expect(JSON.parse(r.js).ok).toBe(clean);
    });
  }

  for (const [name, body] of cases) {
    it(name, () => {
      const r = both(module(body));
      expect(r.native).toBe(r.js);
      expect(r.walked).toEqual([name.endsWith('(control)')]);
      if (!name.endsWith('(control)') && !name.startsWith('loops')) expect(JSON.parse(r.js).ok).toBe(false);
    });
  }

  it('on randomly damaged modules (bytes flipped, cut short, spliced)', () => {
    const seeds = own.filter((m) => m.bytes.length < 64 * 1024).slice(0, 12);
    expect(seeds.length).toBeGreaterThan(3);
    fc.assert(fc.property(
      fc.integer({ min: 0, max: seeds.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      fc.option(fc.nat()),
      (which, flips, cut) => {
        const b = seeds[which].bytes.slice();
        for (const [at, v] of flips) b[at % b.length] = v;
        const bytes = cut === null ? b : b.subarray(0, cut % b.length);
        const r = both(bytes);
        expect(r.native).toBe(r.js);
      },
    ), { numRuns: 400, seed: 20261205 });
  });
});

// analyzeWasmOn: a walker of its own per module on a given platform (the page hook passes the
// WebAssembly of install time), and the JS walk wherever that platform fails.
describe('analyzeWasmOn: a walker per module, on the platform it is given', () => {
  const sqljs = benignModules().find((m) => m.name === 'sql.js')!;
  const large = benignModules().filter((m) => m.bytes.length >= NATIVE_WALK_FROM && m.bytes.length < 4 << 20);

  /** The global platform, with every call counted and `fail` deciding which to break. */
  function platform(fail: (call: keyof WasmPlatform, n: number) => boolean) {
    const calls: Record<string, number> = { compile: 0, instantiate: 0, buffer: 0, grow: 0 };
    const wrap = <K extends keyof WasmPlatform>(k: K): WasmPlatform[K] => ((...a: unknown[]) => {
      calls[k]++;
      if (fail(k, calls[k])) throw new RangeError(`${k} refused`);
      return (globalWasmPlatform[k] as (...x: unknown[]) => unknown)(...a);
    }) as WasmPlatform[K];
    return { calls, p: { compile: wrap('compile'), instantiate: wrap('instantiate'), buffer: wrap('buffer'), grow: wrap('grow') } as WasmPlatform };
  }

  it('walks natively on the platform given, with the same report as the JS walker', () => {
    expect(large.length).toBeGreaterThan(1);
    for (const m of large) {
      const { calls, p } = platform(() => false);
      const walked = vi.spyOn(NativeWalker.prototype, 'walkCode');
      expect(JSON.stringify(analyzeWasmOn(p, m.bytes)), m.name).toBe(JSON.stringify(analyzeWasm(m.bytes)));
      expect(walked.mock.results.map((r) => r.value), m.name).toEqual([true]);
      expect(calls.instantiate, m.name).toBe(1);
      expect(calls.buffer, m.name).toBeGreaterThan(0);
      walked.mockRestore();
    }
  });

  it('keeps its walker for the next module until released, unless the walker memory grew past 8 MB', () => {
    const esbuild = benignModules().find((m) => m.name === 'esbuild-wasm')!;
    expect(esbuild.bytes.length).toBeGreaterThan(8 * 1024 * 1024);
    const { calls, p } = platform(() => false);
    analyzeWasmOn(p, sqljs.bytes);
    analyzeWasmOn(p, sqljs.bytes);
    expect(calls.instantiate).toBe(1);
    const walked = vi.spyOn(NativeWalker.prototype, 'walkCode');
    analyzeWasmOn(p, esbuild.bytes);
    expect(walked.mock.results.map((r) => r.value)).toEqual([true]);
    expect(calls.instantiate).toBe(1);
    analyzeWasmOn(p, sqljs.bytes);
    expect(calls.instantiate, 'the grown walker was dropped').toBe(2);
    analyzeWasmOn(p, sqljs.bytes);
    expect(calls.instantiate).toBe(2);
    releaseWalker();
    analyzeWasmOn(p, sqljs.bytes);
    expect(calls.instantiate, 'released').toBe(3);
  });

  it('below 64 KB, or without a platform, the JS walker', () => {
    const { calls, p } = platform(() => false);
    const small = own.find((m) => m.name.endsWith('demo-miner.wasm'))!;
    const walked = vi.spyOn(NativeWalker.prototype, 'walkCode');
    expect(JSON.stringify(analyzeWasmOn(p, small.bytes))).toBe(JSON.stringify(analyzeWasm(small.bytes)));
    expect(JSON.stringify(analyzeWasmOn(null, sqljs.bytes))).toBe(JSON.stringify(analyzeWasm(sqljs.bytes)));
    expect(walked).not.toHaveBeenCalled();
    expect(calls.instantiate + calls.compile).toBe(0);
  });

  it('a platform that cannot compile (a page whose CSP forbids Wasm): the JS walk, same report', () => {
    const { calls, p } = platform((k) => k === 'compile');
    const walked = vi.spyOn(NativeWalker.prototype, 'walkCode');
    expect(JSON.stringify(analyzeWasmOn(p, sqljs.bytes))).toBe(JSON.stringify(analyzeWasm(sqljs.bytes)));
    expect(JSON.stringify(analyzeWasmOn(p, sqljs.bytes))).toBe(JSON.stringify(analyzeWasm(sqljs.bytes)));
    expect(walked).not.toHaveBeenCalled();
    // Asked once: each refusal would be a CSP violation report the page sees.
    expect(calls.compile).toBe(1);
  });

  it('a memory that cannot grow to the section (its first grow, for the tables, worked): the JS walk, same report', () => {
    const { calls, p } = platform((k, n) => k === 'grow' && n > 1);
    const walked = vi.spyOn(NativeWalker.prototype, 'walkCode');
    expect(JSON.stringify(analyzeWasmOn(p, sqljs.bytes))).toBe(JSON.stringify(analyzeWasm(sqljs.bytes)));
    expect(walked.mock.results.map((r) => r.value)).toEqual([false]);
    expect(calls.grow).toBeGreaterThan(1);
  });
});
