import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyzeWasm, createStreamingAnalyzer } from '../../../../src/engine/wasm/analyze';
import { benignModules, fixture } from './fixture-helpers';

const FIXTURES = ['cn-like', 'demo-miner', 'keccak-only', 'sha256-only', 'benign-add', 'tables-from-js'];
const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const mod = (...bytes: number[]) => new Uint8Array([...header, ...bytes]);
/** type () -> (), one function, code body given */
const withBody = (...body: number[]) => mod(1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, body.length + 2, 1, body.length, ...body);

function streamed(bytes: Uint8Array, sizes: number[]) {
  const a = createStreamingAnalyzer();
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length]);
    a.push(bytes.subarray(at, at + n));
    at += n;
  }
  return a.finish();
}

describe('legacy exception handling', () => {
  it('reads `try … delegate`, which closes its block without an `end`', () => {
    // try { try { nop } delegate 0 } catch_all end, end of body
    const bytes = withBody(0, 0x06, 0x40, 0x06, 0x40, 0x01, 0x18, 0x00, 0x19, 0x0b, 0x0b);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const r = analyzeWasm(bytes);
    expect(r.error).toBeUndefined();
    expect(r.ok).toBe(true);
  });
});

describe('errors', () => {
  it.each([
    ['bad-magic', new Uint8Array([0x00, 0x61, 0x73, 0x6e, 1, 0, 0, 0]), 0],
    ['bad-version', new Uint8Array([0x00, 0x61, 0x73, 0x6d, 2, 0, 0, 0]), 4],
    ['truncated', new Uint8Array([0x00, 0x61, 0x73]), 3],
    ['truncated', mod(1, 10, 1), 8],
    ['unknown-section', mod(42, 0), 9],
    ['bad-leb', mod(3, 6, 1, 0x80, 0x80, 0x80, 0x80, 0x80), 11],
    ['unknown-opcode', withBody(0, 0x27, 0x0b), 23],
    ['malformed', withBody(0, 0x01), 24],
  ])('%s', (code, bytes, offset) => {
    expect(WebAssembly.validate(bytes)).toBe(false);
    const r = analyzeWasm(bytes);
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ code, offset });
    expect(r.verdict.level).toBe('clean');
    expect(r.verdict.reason).toMatch(/^clean \(not a valid module: /);
  });

  it('too-large refuses before reading everything', () => {
    const r = analyzeWasm(fixture('cn-like'), { maxBytes: 1000 });
    expect(r.error?.code).toBe('too-large');
    expect(r.ok).toBe(false);
  });

  it('huge declared counts do not allocate or loop: the section end stops them', () => {
    const r = analyzeWasm(mod(3, 6, 0xff, 0xff, 0xff, 0xff, 0x0f, 0));
    expect(r.error?.code).toBe('malformed');
    const table = analyzeWasm(withBody(0, 0x02, 0x40, 0x0e, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x0b, 0x0b));
    expect(table.ok).toBe(false);
  });
});

describe('accepts what WebAssembly.validate accepts', () => {
  const all = [...FIXTURES.map((n) => ({ name: n, bytes: fixture(n) })), ...benignModules()];
  it.each(all.map((m) => [m.name, m.bytes] as const))('%s', (_n, bytes) => {
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(analyzeWasm(bytes).ok).toBe(true);
  });

  it('reads SIMD, atomics, bulk memory, reference types, tail calls and exceptions', () => {
    const body = [
      0, // no locals
      0xfd, 12, ...new Array(16).fill(7), 0xfd, 21, 3, 0x1a, // v128.const, i8x16.extract_lane_s 3, drop
      0x41, 0, 0xfe, 0x10, 2, 0, 0x1a, // i32.atomic.load
      0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 11, 0, // memory.fill
      0xd0, 0x70, 0xd1, 0x1a, // ref.null func, ref.is_null, drop
      0x06, 0x40, 0x07, 0, 0x19, 0x0b, // try / catch 0 / catch_all / end (legacy exceptions)
      0x1f, 0x40, 1, 2, 0, 0x0b, // try_table with catch_all 0
      0x12, 0, // return_call 0
      0x0b,
    ];
    const bytes = mod(
      1, 4, 1, 0x60, 0, 0,
      3, 2, 1, 0,
      5, 4, 1, 3, 1, 1, // shared memory 1..1
      13, 3, 1, 0, 0, // tag of type 0
      10, body.length + 2, 1, body.length, ...body,
    );
    const r = analyzeWasm(bytes);
    expect(r.error).toBeUndefined();
    expect(r.stats.instructions).toBeGreaterThan(15);
  });
});

describe('streaming', () => {
  const modules = [...FIXTURES.map((n) => fixture(n)), ...benignModules().filter((m) => m.bytes.length < 2_000_000).map((m) => m.bytes)];
  it('any chunking gives the whole-bytes report', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: modules.length - 1 }), fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 8 }), (i, sizes) => {
        expect(streamed(modules[i], sizes)).toEqual(analyzeWasm(modules[i]));
      }),
      { numRuns: 60 },
    );
  });

  it('byte-at-a-time streaming of a truncated module reports the same error', () => {
    const cut = fixture('demo-miner').subarray(0, 3000);
    expect(streamed(cut, [1])).toEqual(analyzeWasm(cut));
    expect(analyzeWasm(cut).error?.code).toBe('truncated');
  });
});

describe('hostile input', () => {
  const base = fixture('demo-miner');
  // Work is bounded by the input: every instruction consumes at least one byte.
  const bounded = (bytes: Uint8Array) => {
    const r = analyzeWasm(bytes);
    expect(r.stats.instructions).toBeLessThanOrEqual(bytes.length);
    expect(typeof r.ok).toBe('boolean');
    if (!r.ok) expect(r.error!.offset).toBeGreaterThanOrEqual(0);
    return r;
  };

  it('random bytes never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (b) => { bounded(b); }), { numRuns: 300 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (b) => { bounded(new Uint8Array([...header, ...b])); }), { numRuns: 300 });
  });

  it('mutated valid modules never throw, and agree with validate when they accept', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), fc.nat(), (flips, cut) => {
        const b = base.slice(0, Math.max(8, base.length - (cut % 64)));
        for (const [at, v] of flips) b[at % b.length] = v;
        const r = bounded(b);
        if (WebAssembly.validate(b)) expect(r.ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('huge LEB counts spliced into a valid module never throw', () => {
    fc.assert(
      fc.property(fc.nat(), (at) => {
        const i = 8 + (at % (base.length - 8));
        const b = new Uint8Array([...base.subarray(0, i), 0xff, 0xff, 0xff, 0xff, 0x0f, ...base.subarray(i)]);
        bounded(b);
      }),
      { numRuns: 200 },
    );
  });

  it('deep nesting costs nothing unless it is loops, and loops only grow linearly', () => {
    const depth = 100_000;
    const leb = (n: number) => {
      const out: number[] = [];
      for (; n >= 128; n = Math.floor(n / 128)) out.push((n & 0x7f) | 0x80);
      return [...out, n];
    };
    const bodyLen = 1 + 2 * depth + depth + 1;
    const bytes = new Uint8Array([...mod(1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, ...leb(bodyLen + leb(bodyLen).length + 1), 1, ...leb(bodyLen), 0), ...new Uint8Array(bodyLen - 1)]);
    const start = bytes.length - (bodyLen - 1);
    for (let i = 0; i < depth; i++) { bytes[start + 2 * i] = 0x03; bytes[start + 2 * i + 1] = 0x40; }
    bytes.fill(0x0b, start + 2 * depth);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const r = analyzeWasm(bytes);
    expect(r.ok).toBe(true);
    expect(r.stats.instructions).toBe(2 * depth + 1);
  });
});
