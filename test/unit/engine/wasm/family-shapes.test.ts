import { describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import { analyzeWasm } from '../../../../src/engine/wasm/analyze';
import { aesSbox } from '../../../../src/engine/wasm/constants/aes';
import { RANDOMX_DATASET_XORS } from '../../../../src/engine/wasm/constants/miners';
import { sha512IV } from '../../../../src/engine/wasm/constants/sha2';

// Small hand-written modules for the shapes that name a family when a build hides the usual
// evidence: rotations passed to a helper (-O0), fBlaMka's operands kept in locals (-O0,
// flattened control flow), and RandomX's VM constants when its keys are encoded.

const wabt = await wabtInit();

function wasm(body: string): Uint8Array {
  const mod = wabt.parseWat('t.wat', `(module ${body})`);
  try {
    return mod.toBinary({}).buffer;
  } finally {
    mod.destroy();
  }
}

const hit = (bytes: Uint8Array, name: string) => analyzeWasm(bytes).primitives.find((h) => h.name === name);

/** A WAT data string of the bytes. */
const bytesOf = (b: Uint8Array) => Array.from(b, (x) => `\\${x.toString(16).padStart(2, '0')}`).join('');

function le64(words: { lo: number; hi: number }[]): Uint8Array {
  const out = new Uint8Array(8 * words.length);
  const v = new DataView(out.buffer);
  words.forEach((w, i) => { v.setUint32(8 * i, w.lo >>> 0, true); v.setUint32(8 * i + 4, w.hi >>> 0, true); });
  return out;
}

// BLAKE2b's IV and rows 1-2 of its message schedule, as an Argon2 build keeps them in data.
const BLAKE2B_DATA = `(memory 1) (data (i32.const 1024) "${bytesOf(le64(sha512IV()))}")
  (data (i32.const 2048) "${bytesOf(Uint8Array.of(14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3, 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4))}")`;

const ROTL32 = `(func $rotl (param $x i32) (param $n i32) (result i32)
    (i32.or (i32.shl (local.get $x) (local.get $n))
            (i32.shr_u (local.get $x) (i32.and (i32.sub (i32.const 32) (local.get $n)) (i32.const 31)))))`;

/** One quarter-round step per amount, the amount reaching the call through a local as at -O0. */
function rotations(helper: string, amounts: number[]): string {
  return amounts.map((n) => `(local.set $n (i32.const ${n}))
    (local.set $a (i32.xor (local.get $a) (call ${helper} (i32.add (local.get $a) (local.get $b)) (local.get $n))))`).join('\n');
}

describe('Salsa20 rotations through a rotate helper (scrypt at -O0, RFC 7914 §3)', () => {
  const quarter = (helpers: string, body: string) => wasm(`${helpers}
    (func (export "quarter") (param $a i32) (param $b i32) (result i32) (local $n i32)
      ${body}
      (local.get $a))`);

  it('names Salsa20 when one helper is called with 7, 9, 13 and 18', () => {
    const h = hit(quarter(ROTL32, rotations('$rotl', [7, 9, 13, 18])), 'Salsa20');
    expect(h?.evidence).toMatch(/rotations 7\/9\/13\/18 through a rotate helper/);
  });

  it('names Salsa20 when the helper rotates right and is called with the complements', () => {
    const rotr = `(func $rotr (param $x i32) (param $n i32) (result i32)
      (i32.or (i32.shr_u (local.get $x) (local.get $n))
              (i32.shl (local.get $x) (i32.and (i32.sub (i32.const 32) (local.get $n)) (i32.const 31)))))`;
    expect(hit(quarter(rotr, rotations('$rotr', [25, 23, 19, 14])), 'Salsa20')).toBeDefined();
  });

  it('does not name it from three of the four amounts', () => {
    expect(hit(quarter(ROTL32, rotations('$rotl', [7, 9, 13])), 'Salsa20')).toBeUndefined();
  });

  it('does not add up amounts passed to two different helpers', () => {
    const two = `${ROTL32} ${ROTL32.replace('$rotl', '$rotl2')}`;
    const body = `${rotations('$rotl', [7, 9])}\n${rotations('$rotl2', [13, 18])}`;
    expect(hit(quarter(two, body), 'Salsa20')).toBeUndefined();
  });

  it('does not take a large function shifting by variable amounts for a helper', () => {
    const big = ROTL32.replace('(result i32)', `(result i32) ${'(drop (i32.add (local.get $x) (i32.const 1)))'.repeat(80)}`);
    expect(hit(quarter(big, rotations('$rotl', [7, 9, 13, 18])), 'Salsa20')).toBeUndefined();
  });
});

describe('BLAKE2b G rotations through a rotate helper (RFC 7693 §3.1)', () => {
  it('counts rotr64 by 32, 24, 16 and 63 passed to one helper', () => {
    const rotr64 = `(func $rotr64 (param $x i64) (param $n i32) (result i64)
      (i64.or (i64.shr_u (local.get $x) (i64.extend_i32_u (local.get $n)))
              (i64.shl (local.get $x) (i64.extend_i32_u (i32.and (i32.sub (i32.const 64) (local.get $n)) (i32.const 63))))))`;
    const calls = [32, 24, 16, 63].map((n) => `(local.set $n (i32.const ${n}))
      (local.set $d (call $rotr64 (i64.xor (local.get $d) (local.get $a)) (local.get $n)))`).join('\n');
    const bytes = wasm(`(memory 1) (data (i32.const 1024) "${bytesOf(le64(sha512IV()))}") ${rotr64}
      (func (export "g") (param $a i64) (param $d i64) (result i64) (local $n i32) ${calls} (local.get $d))`);
    expect(hit(bytes, 'BLAKE2b')?.evidence).toMatch(/G rotations 32\/24\/16\/63 through a rotate helper/);
  });
});

describe('fBlaMka with its operands cut in locals (RFC 9106 §3.6)', () => {
  it('is found when the cuts are more than a few instructions before the multiply (-O0)', () => {
    const pad = '(local.set $p (i64.add (local.get $p) (i64.const 3)))'.repeat(6);
    const bytes = wasm(`${BLAKE2B_DATA}
      (func (export "fblamka") (param $x i64) (param $y i64) (result i64) (local $xl i64) (local $yl i64) (local $p i64)
        (local.set $xl (i64.extend_i32_u (i32.wrap_i64 (local.get $x))))
        ${pad}
        (local.set $yl (i64.shl (i64.extend_i32_u (i32.wrap_i64 (local.get $y))) (i64.const 1)))
        ${pad}
        (i64.add (i64.add (i64.add (local.get $x) (local.get $y)) (local.get $p)) (i64.mul (local.get $xl) (local.get $yl))))`);
    expect(hit(bytes, 'Argon2')?.evidence).toMatch(/fBlaMka/);
  });

  it('is found when a flattened body lists the multiply before the chunk that cuts its operands', () => {
    const bytes = wasm(`${BLAKE2B_DATA}
      (func (export "fblamka") (param $x i64) (param $y i64) (result i64) (local $state i32) (local $xl i64) (local $yl i64) (local $r i64)
        (block $done
          (loop $next
            (block $cut (block $mul (block $first
              (br_table $first $mul $cut $done (local.get $state)))
              (local.set $state (i32.const 2)) (br $next))
            (local.set $r (i64.add (i64.add (local.get $x) (local.get $y))
              (i64.mul (local.get $xl) (i64.shl (local.get $yl) (i64.const 1)))))
            (local.set $state (i32.const 3)) (br $next))
          (local.set $xl (i64.and (local.get $x) (i64.const 0xffffffff)))
          (local.set $yl (i64.and (local.get $y) (i64.const 0xffffffff)))
          (local.set $state (i32.const 1)) (br $next)))
        (local.get $r))`);
    expect(hit(bytes, 'Argon2')?.evidence).toMatch(/fBlaMka/);
  });

  it('is not found when a local that was cut is overwritten before the multiply reads it', () => {
    const bytes = wasm(`${BLAKE2B_DATA}
      (func (export "mul") (param $x i64) (param $y i64) (result i64) (local $xl i64) (local $yl i64) (local $p i64)
        (local.set $xl (i64.and (local.get $x) (i64.const 0xffffffff)))
        (local.set $yl (i64.and (local.get $y) (i64.const 0xffffffff)))
        (local.set $xl (i64.add (local.get $x) (local.get $y)))
        ${'(local.set $p (i64.add (local.get $p) (i64.const 3)))'.repeat(6)}
        (i64.add (local.get $p) (i64.mul (local.get $xl) (local.get $yl))))`);
    expect(hit(bytes, 'Argon2')).toBeUndefined();
  });
});

describe('RandomX VM constants (RandomX specification §5.3.4, §7.3)', () => {
  const ARGON2 = `${BLAKE2B_DATA}
    (func (export "fblamka") (param $x i64) (param $y i64) (result i64)
      (i64.add (i64.add (local.get $x) (local.get $y))
        (i64.mul (i64.and (local.get $x) (i64.const 0xffffffff)) (i64.shl (i64.and (local.get $y) (i64.const 0xffffffff)) (i64.const 1)))))`;
  const FSCAL = '(func (export "fscal") (param $f i64) (result i64) (i64.xor (local.get $f) (i64.const 0x80F0000000000000)))';

  it('names RandomX from the FSCAL_R mask beside Argon2d', () => {
    const r = analyzeWasm(wasm(`${ARGON2} ${FSCAL}`));
    expect(r.primitives.find((h) => h.name === 'RandomX')?.evidence).toMatch(/FSCAL_R mask 0x80F0000000000000 in code/);
    expect(r.verdict.level).toBe('miner');
    expect(r.verdict.reason).toMatch(/^miner: RandomX proof of work/);
  });

  it('finds the mask split into two constants', () => {
    const split = `(func (export "fscal") (param $f i64) (result i64)
      (i64.xor (local.get $f) (i64.xor (i64.const 0x1234567887654321) (i64.const ${(0x1234567887654321n ^ 0x80f0000000000000n).toString()}))))`;
    expect(hit(wasm(`${ARGON2} ${split}`), 'RandomX')).toBeDefined();
  });

  it('names RandomX from the Dataset constants beside AES', () => {
    const xors = RANDOMX_DATASET_XORS.map((w) => `0x${(w.hi >>> 0).toString(16).padStart(8, '0')}${(w.lo >>> 0).toString(16).padStart(8, '0')}`);
    const bytes = wasm(`(memory 1) (data (i32.const 0) "${bytesOf(aesSbox())}")
      (func (export "item") (param $r0 i64) (result i64)
        ${xors.map((x) => `(local.set $r0 (i64.add (local.get $r0) (i64.xor (local.get $r0) (i64.const ${x}))))`).join('\n')}
        (local.get $r0))`);
    const r = analyzeWasm(bytes);
    expect(r.primitives.map((h) => h.name)).toContain('AES');
    expect(r.primitives.find((h) => h.name === 'RandomX')?.evidence).toMatch(/Dataset constants \(7\/7/);
  });

  it('names nothing from the mask alone: a module with it and no Argon2 or AES stays clean', () => {
    const r = analyzeWasm(wasm(FSCAL));
    expect(r.primitives).toEqual([]);
    expect(r.verdict.level).toBe('clean');
  });
});
