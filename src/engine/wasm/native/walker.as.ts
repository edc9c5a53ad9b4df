// AssemblyScript port of code-walker.ts's walk, module-scanner.ts's code and data section
// loops and const-index.ts's byte-scan filter, compiled to Wasm by
// scripts/build-native-walker.mjs. The JS side stays the reference: a differential test
// (test/unit/engine/wasm/native-walker.test.ts) holds both to the same output on every module
// we have. Why a port at all: decoding every instruction mispredicts a branch per instruction,
// and on top of that JS pays bounds checks and loses registers in a 70-local loop; the same
// skip-only decoder ran 4× faster as Wasm than as JS on esbuild.wasm (12 vs 47 ms).
//
// Memory is laid out by the JS side (native-walker.ts), which passes every region's address
// to setLayout. All numbers mirror code-walker.ts; comments explaining them live there.

// Index tables (const-index.ts).
let filterPtr: usize = 0;
let headPtr: usize = 0;
let nextPtr: usize = 0;
let nodeKeyPtr: usize = 0;
let nodeEntryPtr: usize = 0;
let nodeSwappedPtr: usize = 0;
let hisPtr: usize = 0;
let kindsPtr: usize = 0;
let codeOnlyPtr: usize = 0;
let hashShift: u32 = 0;
let seenPtr: usize = 0;
// Walker state.
let loopsPtr: usize = 0;
let loopFlagsPtr: usize = 0;
let loopXsrPtr: usize = 0;
let loopTlPtr: usize = 0;
let loopCap: i32 = 0;
let cutPtr: usize = 0;
let cutCap: i32 = 0;
let pendingPtr: usize = 0;
let classPtr: usize = 0;
// Outputs.
let recordPtr: usize = 0;
let edgesPtr: usize = 0;
let edgeCap: i32 = 0;
let edgeCount: i32 = 0;
let argLoPtr: usize = 0;
let argHiPtr: usize = 0;
let argLen: i32 = 0;
let v128Ptr: usize = 0;
let v128Cap: i32 = 0;
let v128Count: i32 = 0;

let bodySerial: i32 = 0;

// Features carried across bodies (code-features.ts).
let fInstructions: f64 = 0;
let fXsr: f64 = 0;
let fMemoryHard: i32 = 0;
let fScratchpadMask: i32 = 0;
let fTableLoads: f64 = 0;
let fRot32: i32 = 0;
let fRot64Lo: i32 = 0;
let fRot64Hi: i32 = 0;
let fLoMuls: i32 = 0;
let fGfDoubling: i32 = 0;
let fSboxAffine: i32 = 0;

let errCode: i32 = 0;
let errAt: usize = 0;
let errVal: i32 = 0;

const E_LEB: i32 = 1;
const E_CATCH_KIND: i32 = 2;
const E_CALL_LEB: i32 = 3;
const E_I32_LEB: i32 = 4;
const E_I64_LEB: i32 = 5;
const E_OPCODE: i32 = 6;
const E_OPCODE_FB: i32 = 7;
const E_OPCODE_FC: i32 = 8;
const E_OPCODE_FD: i32 = 9;
const E_OPCODE_FE: i32 = 10;
const E_PAST_END: i32 = 11;
const E_NO_END: i32 = 12;
/** A limit of this port (loop nesting, locals): the caller walks the section in JS instead. */
const E_CAPACITY: i32 = 13;

export function setLayout(
  filter: usize, head: usize, next: usize, nodeKey: usize, nodeEntry: usize, nodeSwapped: usize,
  his: usize, kinds: usize, codeOnly: usize, shift: u32, seen: usize,
  loops: usize, loopFlags: usize, loopXsr: usize, loopTl: usize, loopCapacity: i32,
  cut: usize, cutCapacity: i32, pending: usize, classes: usize,
  edges: usize, edgeCapacity: i32, argLo: usize, argHi: usize, argLength: i32,
  v128: usize, v128Capacity: i32,
): void {
  filterPtr = filter; headPtr = head; nextPtr = next; nodeKeyPtr = nodeKey; nodeEntryPtr = nodeEntry;
  nodeSwappedPtr = nodeSwapped; hisPtr = his; kindsPtr = kinds; codeOnlyPtr = codeOnly; hashShift = shift;
  seenPtr = seen; loopsPtr = loops; loopFlagsPtr = loopFlags; loopXsrPtr = loopXsr; loopTlPtr = loopTl;
  loopCap = loopCapacity; cutPtr = cut; cutCap = cutCapacity; pendingPtr = pending; classPtr = classes;
  edgesPtr = edges; edgeCap = edgeCapacity; argLoPtr = argLo; argHiPtr = argHi;
  argLen = argLength; v128Ptr = v128; v128Cap = v128Capacity;
}

/** Starts a module: features as the JS side holds them, no edges or vector constants yet. */
export function begin(instructions: f64, xsr: f64, memoryHard: i32, scratchpadMask: i32, tableLoads: f64,
  rot32: i32, rot64Lo: i32, rot64Hi: i32, loMuls: i32, gfDoubling: i32, sboxAffine: i32): void {
  fInstructions = instructions; fXsr = xsr; fMemoryHard = memoryHard; fScratchpadMask = scratchpadMask;
  fTableLoads = tableLoads; fRot32 = rot32; fRot64Lo = rot64Lo; fRot64Hi = rot64Hi; fLoMuls = loMuls;
  fGfDoubling = gfDoubling; fSboxAffine = sboxAffine;
  edgeCount = 0; v128Count = 0; errCode = 0;
  // Serials only ever grow within a region; start over (clearing it) long before 2·serial+1 overflows.
  if (bodySerial > 0x3fff0000) {
    memory.fill(cutPtr, 0, <usize>cutCap << 2);
    bodySerial = 0;
  }
}

export function edges(): i32 { return edgeCount; }
export function candidateCount(): i32 { return candidates; }
export function dataByteCount(): f64 { return dataBytes; }

/**
 * The features as 11 doubles at `at`, in CodeFeatures order. Functions and memory rather
 * than exported globals: nothing here goes through a prototype getter the page could replace.
 */
export function saveFeatures(at: usize): void {
  store<f64>(at, fInstructions);
  store<f64>(at, fXsr, 8);
  store<f64>(at, <f64>fMemoryHard, 16);
  store<f64>(at, <f64>fScratchpadMask, 24);
  store<f64>(at, fTableLoads, 32);
  store<f64>(at, <f64>fRot32, 40);
  store<f64>(at, <f64>fRot64Lo, 48);
  store<f64>(at, <f64>fRot64Hi, 56);
  store<f64>(at, <f64>fLoMuls, 64);
  store<f64>(at, <f64>fGfDoubling, 72);
  store<f64>(at, <f64>fSboxAffine, 80);
}
export function vectorConstants(): i32 { return v128Count; }

const OTHER: u8 = 0;
const PLAIN: u8 = 1;
const ONE_LEB: u8 = 2;
const MEMARG: u8 = 3;
const LOCAL: u8 = 4;

const LOOP_MUL: i32 = 1;
const LOOP_MASK: i32 = 2;
const LOOP_CALL: i32 = 4;
const LOOP_CMP64: i32 = 8;
const LOOP_VARMASK: i32 = 16;
const LOOP_LOAD: i32 = 32;
const LOOP_STORE: i32 = 64;
const LOOP_XOR: i32 = 128;
const TOP_WORD_WINDOW: i32 = 32;
const INLINE_CORE_XSR: i32 = 48;
const LOOP_TLOAD_MIN: i32 = 8;
const LO_MUL_WINDOW: i32 = 16;
const LOCAL_CONST_WINDOW: i32 = 8;
const ROTATE_HELPER_MAX_INSTR: i32 = 256;
const V_SHL32: i32 = 1;
const V_SHR32: i32 = 2;
const V_SHL64: i32 = 4;
const V_SHR64: i32 = 8;
const PENDING_MULS: i32 = 8;

// call-graph.ts
const L_SEARCH: i32 = 1;
const L_SCRATCH: i32 = 2;
const L_SEARCH_INLINE: i32 = 4;
const L_SCRATCH_MUL: i32 = 8;
const L_SCRATCH_TLOAD: i32 = 16;
const L_DECODE: i32 = 32;
const P_VROT32: i32 = 32;
const P_VROT64: i32 = 64;

// code-features.ts
const GF_REDUCE: i32 = 1;
const GF_HIGH: i32 = 2;
const GF_AFFINE: i32 = 4;

// const-index.ts
const KIND_W32: u8 = 1;
const KIND_W64: u8 = 2;
const SMALL: u32 = 0x1000;
const HASH_MUL: u32 = 0x9e3779b1;
const FILTER_SHIFT: u32 = 32 - 18;
const BYTES_FILTER_SHIFT: u32 = 32 - 20;
const FLAG_CODE: u8 = 1;

@inline function gfConstant(v: i32): i32 {
  return v == 0x1b || v == 0x11b ? GF_REDUCE : v == 0x80 || v == 7 ? GF_HIGH : v == 0x63 ? GF_AFFINE : 0;
}

@inline function isScratchpadMask(v: i32): bool {
  if (v <= 0) return false;
  const low = v & -v;
  const top = v + low;
  return low >= 8 && low <= 64 && (top & (top - 1)) == 0 && top >= 1 << 17 && top <= 1 << 23;
}

function markWord(v: i32): i32 {
  if (<u32>(v + <i32>SMALL) < SMALL * 2) return 0;
  const hash = <u32>v * HASH_MUL;
  const f = hash >>> FILTER_SHIFT;
  if ((load<i32>(filterPtr + ((<usize>(f >>> 5)) << 2)) & (1 << (f & 31))) == 0) return 0;
  let found = 0;
  let e = load<i32>(headPtr + ((<usize>(hash >>> hashShift)) << 2));
  while (e != 0) {
    const i = <usize>(e - 1);
    if (load<i32>(nodeKeyPtr + (i << 2)) == v && load<u8>(nodeSwappedPtr + i) == 0) {
      const j = <usize>load<i32>(nodeEntryPtr + (i << 2));
      if (load<u8>(kindsPtr + j) == KIND_W32) {
        store<u8>(seenPtr + j, load<u8>(seenPtr + j) | FLAG_CODE);
        found = 1 - <i32>load<u8>(codeOnlyPtr + j);
      }
    }
    e = load<i32>(nextPtr + (i << 2));
  }
  return found;
}

function markPair(lo: i32, hi: i32): i32 {
  const hash = <u32>lo * HASH_MUL;
  const f = hash >>> FILTER_SHIFT;
  if ((load<i32>(filterPtr + ((<usize>(f >>> 5)) << 2)) & (1 << (f & 31))) == 0) return 0;
  let found = 0;
  let e = load<i32>(headPtr + ((<usize>(hash >>> hashShift)) << 2));
  while (e != 0) {
    const i = <usize>(e - 1);
    if (load<i32>(nodeKeyPtr + (i << 2)) == lo && load<u8>(nodeSwappedPtr + i) == 0) {
      const j = <usize>load<i32>(nodeEntryPtr + (i << 2));
      const k = load<u8>(kindsPtr + j);
      if (k == KIND_W64 ? load<i32>(hisPtr + (j << 2)) == hi : k == KIND_W32 && hi == 0) {
        store<u8>(seenPtr + j, load<u8>(seenPtr + j) | FLAG_CODE);
        found = 1 - <i32>load<u8>(codeOnlyPtr + j);
      }
    }
    e = load<i32>(nextPtr + (i << 2));
  }
  return found;
}

/** Returns the position after the LEB, or 0 (with errCode set) when it is longer than 10 bytes. */
function skipLebTail(p: usize): usize {
  const start = p - 1;
  while (load<u8>(p++) >= 0x80) {
    if (p - start >= 10) { fail(E_LEB, start, 0); return 0; }
  }
  return p;
}

function fail(code: i32, at: usize, val: i32): void {
  if (errCode == 0) { errCode = code; errAt = at; errVal = val; }
}

function blockType(p: usize): usize {
  const bt = load<u8>(p++);
  if (bt == 0x63 || bt == 0x64) {
    if (load<u8>(p++) >= 0x80) p = skipLebTail(p);
  } else if (bt >= 0x80) p = skipLebTail(p);
  return p;
}

/** Unsigned LEB read the way the JS walker reads counts (as a float, up to 5 bytes). */
let lebEnd: usize = 0;
function countLeb(p: usize): f64 {
  let n: f64 = 0;
  let scale: f64 = 1;
  let shift: i32 = 0;
  let b: u32;
  do { b = load<u8>(p++); n += <f64>(b & 0x7f) * scale; scale *= 128; shift += 7; } while (b >= 0x80 && shift < 35);
  lebEnd = p;
  return n;
}

function skipN(p: usize, n: i32): usize {
  for (let i = 0; i < n; i++) {
    if (load<u8>(p++) >= 0x80) { p = skipLebTail(p); if (p == 0) return 0; }
  }
  return p;
}

function memarg(p: usize): usize {
  const align = load<u8>(p++);
  if (align >= 0x80) { p = skipLebTail(p); if (p == 0) return 0; }
  else if ((align & 0x40) != 0 && load<u8>(p++) >= 0x80) { p = skipLebTail(p); if (p == 0) return 0; }
  if (load<u8>(p++) >= 0x80) p = skipLebTail(p);
  return p;
}

function prefixed(prefix: u8, p: usize, opStart: usize): usize {
  const sub = countLeb(p);
  p = lebEnd;
  if (prefix == 0xfb) {
    if (sub <= 1 || (sub >= 6 && sub <= 7) || (sub >= 11 && sub <= 14) || sub == 16 || (sub >= 20 && sub <= 23)) return skipN(p, 1);
    if ((sub >= 2 && sub <= 5) || (sub >= 8 && sub <= 10) || (sub >= 17 && sub <= 19)) return skipN(p, 2);
    if (sub == 15 || (sub >= 26 && sub <= 30)) return p;
    if (sub == 24 || sub == 25) return skipN(p + 1, 3);
    fail(E_OPCODE_FB, opStart, <i32>sub);
    return 0;
  }
  if (prefix == 0xfc) {
    if (sub <= 7) return p;
    if (sub == 8 || sub == 10 || sub == 12 || sub == 14) return skipN(p, 2);
    if (sub <= 17) return skipN(p, 1);
    fail(E_OPCODE_FC, opStart, <i32>sub);
    return 0;
  }
  if (prefix == 0xfd) {
    if (sub <= 11 || sub == 92 || sub == 93) return memarg(p);
    if (sub == 12) {
      // v128.const: its 16 bytes are scanned like data by the JS side afterwards.
      if (v128Count < v128Cap) store<u32>(v128Ptr + (<usize>v128Count << 2), <u32>p);
      v128Count++;
      return p + 16;
    }
    if (sub == 13) return p + 16;
    if (sub >= 21 && sub <= 34) return p + 1;
    if (sub >= 84 && sub <= 91) { const q = memarg(p); return q == 0 ? 0 : q + 1; }
    if (sub <= 0x113) return p;
    fail(E_OPCODE_FD, opStart, <i32>sub);
    return 0;
  }
  if (sub == 3) return p + 1;
  if (sub <= 2 || (sub >= 0x10 && sub <= 0x4e)) return memarg(p);
  fail(E_OPCODE_FE, opStart, <i32>sub);
  return 0;
}

function edge(caller: i32, callee: i32, inLoop: bool): void {
  const n = edgeCount;
  if (n >= edgeCap) return;
  if (n > 0) {
    const last = edgesPtr + (<usize>(n - 1)) * 12;
    if (load<i32>(last) == caller && load<i32>(last, 4) == callee) {
      if (inLoop) store<i32>(last, 1, 8);
      return;
    }
  }
  const at = edgesPtr + (<usize>n) * 12;
  store<i32>(at, caller);
  store<i32>(at, callee, 4);
  store<i32>(at, inLoop ? 1 : 0, 8);
  edgeCount = n + 1;
}

/**
 * Walks one expression from `p` up to and including its closing `end`; returns the position
 * after it, or 0 with errCode set. `fn` is the function index; the body's summary goes to
 * recordPtr.
 */
function walk(p: usize, end: usize, fn: i32): usize {
  let openLoops: i32 = 0;
  let depth: i32 = 1;
  let instr: i32 = 0;
  let xsr: i32 = 0;
  let memoryHard: i32 = 0;
  let scratchpadMask = fScratchpadMask;
  let tableLoads: i32 = 0;
  let rot32 = fRot32;
  let rot64Lo = fRot64Lo;
  let rot64Hi = fRot64Hi;
  let constAt: i32 = -2;
  let constLo: i32 = 0;
  let constHi: i32 = 0;
  let prevAt: i32 = -3;
  let prevLo: i32 = 0;
  let prevHi: i32 = 0;
  let maskedAt: i32 = -4;
  let topAt: i32 = -100;
  let off1: i32 = -1;
  let off2: i32 = -1;
  let off3: i32 = -1;
  let off4: i32 = -1;
  let gf: i32 = 0;
  let loAt1: i32 = -100;
  let loAt2: i32 = -100;
  let loMuls: i32 = 0;
  let mulSeen = false;
  let fnLoops: i32 = 0;
  let fnMask: i32 = 0;
  let known: i32 = 0;
  let constLocal: i32 = -1;
  let constLocalAt: i32 = -100;
  let constLocalVal: i32 = 0;
  let argAt: i32 = -2;
  let argVal: i32 = 0;
  let vshifts: i32 = 0;
  let rotates: i32 = 0;
  let cutMarks: i32 = 0;
  const serial = ++bodySerial;
  const cutNow = 2 * serial + 1;
  let get1: i32 = -1;
  let get1At: i32 = -100;
  let get2: i32 = -1;
  let get2At: i32 = -100;
  let dblAt: i32 = -100;
  let dbl: i32 = -1;
  let dblOther: i32 = -1;
  let pending: i32 = 0;

  while (p < end) {
    const opStart = p;
    const op = load<u8>(p++);
    instr++;
    const cls = load<u8>(classPtr + op);
    if (cls == PLAIN) continue;
    if (cls == LOCAL) {
      const b0 = <i32>load<u8>(p++);
      let k = b0;
      if (b0 >= 0x80) {
        const b1 = <i32>load<u8>(p);
        if (b1 < 0x80) { k = (b0 & 0x7f) | (b1 << 7); p++; }
        else { p = skipLebTail(p); if (p == 0) return 0; k = -1; }
      }
      if (op == 0x20) {
        if (k == constLocal && instr - constLocalAt <= LOCAL_CONST_WINDOW) { argAt = instr; argVal = constLocalVal; }
        if (cutMarks > 0 && k >= 0 && k < cutCap && load<i32>(cutPtr + (<usize>k << 2)) == cutNow) { loAt2 = loAt1; loAt1 = instr; }
        get2 = get1; get2At = get1At; get1 = k; get1At = instr;
        continue;
      }
      if (constAt == instr - 1) {
        constLocal = k; constLocalAt = instr; constLocalVal = constLo;
        if (op == 0x22) { argAt = instr; argVal = constLo; }
      } else if (k == constLocal) constLocal = -1;
      if (k >= 0) {
        if (loAt1 == instr - 1) {
          // The JS walker grows its array up to 0x10000 locals; this region holds that many.
          if (k < cutCap) { store<i32>(cutPtr + (<usize>k << 2), cutNow); cutMarks++; }
          if (op == 0x22) loAt1 = instr;
        } else if (cutMarks > 0 && k < cutCap && load<i32>(cutPtr + (<usize>k << 2)) == cutNow) store<i32>(cutPtr + (<usize>k << 2), cutNow - 1);
      }
      continue;
    }
    if (cls == ONE_LEB) {
      if (load<u8>(p++) >= 0x80) { p = skipLebTail(p); if (p == 0) return 0; }
      continue;
    }
    if (cls == MEMARG) {
      if ((op <= 0x29 || op == 0x2d) && maskedAt >= instr - 2) tableLoads++;
      if (openLoops > 0) {
        const at = loopFlagsPtr + (<usize>(openLoops - 1) << 2);
        store<i32>(at, load<i32>(at) | (op >= 0x36 ? LOOP_STORE : LOOP_LOAD));
      }
      const align = load<u8>(p++);
      if (align >= 0x80) { p = skipLebTail(p); if (p == 0) return 0; }
      else if ((align & 0x40) != 0 && load<u8>(p++) >= 0x80) { p = skipLebTail(p); if (p == 0) return 0; }
      const offset = load<u8>(p++);
      if (offset >= 0x80) { p = skipLebTail(p); if (p == 0) return 0; }
      else if (offset == 24 && op == 0x29) topAt = instr;
      continue;
    }
    switch (op) {
      case 0x03: {
        if (openLoops == loopCap) { fail(E_CAPACITY, opStart, 0); return 0; }
        const o = <usize>openLoops << 2;
        store<i32>(loopFlagsPtr + o, 0);
        store<i32>(loopXsrPtr + o, xsr);
        store<i32>(loopTlPtr + o, tableLoads);
        store<i32>(loopsPtr + o, depth);
        openLoops++;
        depth++;
        p = blockType(p);
        if (p == 0) return 0;
        break;
      }
      case 0x02: case 0x04: case 0x06:
        depth++;
        p = blockType(p);
        if (p == 0) return 0;
        break;
      case 0x0b:
        depth--;
        if (openLoops > 0 && load<i32>(loopsPtr + (<usize>(openLoops - 1) << 2)) == depth) {
          openLoops--;
          const o = <usize>openLoops << 2;
          const flags = load<i32>(loopFlagsPtr + o);
          if ((flags & (LOOP_MUL | LOOP_MASK)) == (LOOP_MUL | LOOP_MASK)) memoryHard++;
          if ((flags & (LOOP_MASK | LOOP_VARMASK)) != 0) {
            fnLoops |= L_SCRATCH;
            if ((flags & LOOP_MUL) != 0) fnLoops |= L_SCRATCH_MUL;
            if (tableLoads - load<i32>(loopTlPtr + o) >= LOOP_TLOAD_MIN) fnLoops |= L_SCRATCH_TLOAD;
          }
          if ((flags & LOOP_CMP64) != 0) {
            if (xsr - load<i32>(loopXsrPtr + o) >= INLINE_CORE_XSR) fnLoops |= L_SEARCH_INLINE;
            else if ((flags & LOOP_CALL) != 0) fnLoops |= L_SEARCH;
          }
          if ((flags & (LOOP_LOAD | LOOP_STORE | LOOP_XOR)) == (LOOP_LOAD | LOOP_STORE | LOOP_XOR)) fnLoops |= L_DECODE;
          // Flags are 16-bit in the JS walker.
          if (openLoops > 0) {
            const up = loopFlagsPtr + (<usize>(openLoops - 1) << 2);
            store<i32>(up, (load<i32>(up) | flags) & 0xffff);
          }
        }
        if (depth == 0) {
          for (let i = 0; i < pending; i++) {
            const a = load<i32>(pendingPtr + (<usize>(2 * i) << 2));
            const b = load<i32>(pendingPtr + (<usize>(2 * i + 1) << 2));
            if (a < cutCap && b < cutCap && (load<i32>(cutPtr + (<usize>a << 2)) >> 1) == serial && (load<i32>(cutPtr + (<usize>b << 2)) >> 1) == serial) loMuls++;
          }
          fLoMuls += loMuls;
          fInstructions += instr;
          fXsr += xsr;
          fMemoryHard += memoryHard;
          fScratchpadMask = scratchpadMask;
          fTableLoads += tableLoads;
          fRot32 = rot32;
          fRot64Lo = rot64Lo;
          fRot64Hi = rot64Hi;
          if ((gf & (GF_REDUCE | GF_HIGH)) == (GF_REDUCE | GF_HIGH)) fGfDoubling++;
          if ((gf & GF_AFFINE) != 0 && xsr >= 8) fSboxAffine++;
          if (instr <= ROTATE_HELPER_MAX_INSTR) {
            if ((vshifts & (V_SHL32 | V_SHR32)) == (V_SHL32 | V_SHR32)) rotates |= P_VROT32;
            if ((vshifts & (V_SHL64 | V_SHR64)) == (V_SHL64 | V_SHR64)) rotates |= P_VROT64;
          } else rotates = 0;
          if (fn >= 0) {
            store<i32>(recordPtr, instr);
            store<i32>(recordPtr, xsr, 4);
            store<i32>(recordPtr, tableLoads, 8);
            store<i32>(recordPtr, (mulSeen ? 1 : 0) | (loMuls >= 4 ? 2 : 0), 12);
            store<i32>(recordPtr, fnLoops, 16);
            store<i32>(recordPtr, fnMask, 20);
            store<i32>(recordPtr, known, 24);
            store<i32>(recordPtr, rotates, 28);
          }
          return p;
        }
        break;
      case 0x18:
        depth--;
        if (load<u8>(p++) >= 0x80) { p = skipLebTail(p); if (p == 0) return 0; }
        break;
      case 0x1f: {
        depth++;
        p = blockType(p);
        if (p == 0) return 0;
        let n = countLeb(p);
        p = lebEnd;
        for (; n > 0 && p < end; n--) {
          const kind = load<u8>(p++);
          if (kind > 3) { fail(E_CATCH_KIND, p - 1, kind); return 0; }
          if (kind < 2 && load<u8>(p++) >= 0x80) { p = skipLebTail(p); if (p == 0) return 0; }
          if (load<u8>(p++) >= 0x80) { p = skipLebTail(p); if (p == 0) return 0; }
        }
        break;
      }
      case 0x10: {
        let b = <u32>load<u8>(p++);
        let v: f64 = <f64>(b & 0x7f);
        if (b >= 0x80) {
          b = load<u8>(p++);
          v += <f64>((b & 0x7f) << 7);
          if (b >= 0x80) {
            b = load<u8>(p++);
            v += <f64>((b & 0x7f) << 14);
            if (b >= 0x80) {
              b = load<u8>(p++);
              v += <f64>((b & 0x7f) << 21);
              if (b >= 0x80) { b = load<u8>(p++); v += <f64>(b & 0x7f) * 268435456.0; }
            }
          }
        }
        if (b >= 0x80) { fail(E_CALL_LEB, opStart + 1, 0); return 0; }
        if (fn >= 0) {
          // Stored as the JS side's Int32Array would: wrapped to 32 bits.
          const callee = <i32><u32><u64>v;
          edge(fn, callee, openLoops > 0);
          const amount = constAt == instr - 1 ? constLo : argAt == instr - 1 ? argVal : 0;
          if (amount > 0 && amount < 64 && v < <f64>argLen) {
            const at = <usize>(<i32>v) << 2;
            if (amount < 32) store<u32>(argLoPtr + at, load<u32>(argLoPtr + at) | (1 << amount));
            else store<u32>(argHiPtr + at, load<u32>(argHiPtr + at) | (1 << (amount - 32)));
          }
        }
        if (openLoops > 0) {
          const at = loopFlagsPtr + (<usize>(openLoops - 1) << 2);
          store<i32>(at, load<i32>(at) | LOOP_CALL);
        }
        break;
      }
      case 0x11: case 0x13:
        p = skipN(p, 2);
        if (p == 0) return 0;
        break;
      case 0x0e: {
        let n = countLeb(p);
        p = lebEnd;
        for (n++; n > 0 && p < end; n--) {
          if (load<u8>(p++) >= 0x80) { p = skipLebTail(p); if (p == 0) return 0; }
        }
        break;
      }
      case 0x1c: {
        let n = countLeb(p);
        p = lebEnd;
        for (; n > 0 && p < end; n--) {
          const t = load<u8>(p++);
          if ((t == 0x63 || t == 0x64) && load<u8>(p++) >= 0x80) { p = skipLebTail(p); if (p == 0) return 0; }
        }
        break;
      }
      case 0x41: {
        let b = <i32>load<u8>(p++);
        let v = b & 0x7f;
        let shift = 7;
        while (b >= 0x80 && shift < 35) { b = load<u8>(p++); v |= (b & 0x7f) << shift; shift += 7; }
        if (b >= 0x80) { fail(E_I32_LEB, opStart + 1, 0); return 0; }
        if (shift < 32 && (b & 0x40) != 0) v |= -1 << shift;
        prevAt = constAt; prevLo = constLo; prevHi = constHi;
        constAt = instr;
        constLo = v;
        constHi = v >> 31;
        if (v == 24) topAt = instr;
        if ((v & ~0x1ff) == 0) gf |= gfConstant(v);
        if (shift > 7) known += markWord(v);
        break;
      }
      case 0x42: {
        let lo = 0;
        let hi = 0;
        let shift = 0;
        let b: i32;
        do {
          b = load<u8>(p++);
          const v = b & 0x7f;
          if (shift < 28) lo |= v << shift;
          else if (shift == 28) { lo |= v << 28; hi |= v >>> 4; }
          else hi |= v << (shift - 32);
          shift += 7;
        } while (b >= 0x80 && shift < 70);
        if (b >= 0x80) { fail(E_I64_LEB, opStart + 1, 0); return 0; }
        if (shift < 64 && (b & 0x40) != 0) {
          if (shift < 32) { lo |= -1 << shift; hi = -1; } else hi |= -1 << (shift - 32);
        }
        prevAt = constAt; prevLo = constLo; prevHi = constHi;
        constAt = instr;
        constLo = lo;
        constHi = hi;
        known += markPair(lo, hi);
        break;
      }
      case 0x43: p += 4; break;
      case 0x44: p += 8; break;
      case 0x54: case 0x56: case 0x58: case 0x5a:
        if (openLoops > 0 && constAt != instr - 1 && topAt >= instr - TOP_WORD_WINDOW) {
          const at = loopFlagsPtr + (<usize>(openLoops - 1) << 2);
          store<i32>(at, load<i32>(at) | LOOP_CMP64);
        }
        break;
      case 0x6a:
        if (maskedAt >= instr - 2) maskedAt = instr;
        else if (constAt == instr - 1 && prevAt == instr - 2) {
          constLo = prevLo + constLo; constAt = instr; known += markWord(constLo);
          if (constLo == 24) topAt = instr;
          if ((constLo & ~0x1ff) == 0) gf |= gfConstant(constLo);
        } else if (constAt == instr - 1 && constLo >= 0 && constLo < 0x10000) {
          const o = constLo - 24;
          if (o >= 0 && (o == off1 || o == off2 || o == off3 || o == off4)) topAt = instr;
          off4 = off3; off3 = off2; off2 = off1; off1 = constLo;
        }
        break;
      case 0x6b: case 0x72: case 0x73:
        if (op == 0x73) {
          xsr++;
          if (openLoops > 0) {
            const at = loopFlagsPtr + (<usize>(openLoops - 1) << 2);
            store<i32>(at, load<i32>(at) | LOOP_XOR);
          }
        }
        if (constAt == instr - 1 && prevAt == instr - 2) {
          constLo = op == 0x73 ? prevLo ^ constLo : op == 0x72 ? prevLo | constLo : prevLo - constLo;
          constAt = instr;
          known += markWord(constLo);
          if (constLo == 24) topAt = instr;
          if ((constLo & ~0x1ff) == 0) gf |= gfConstant(constLo);
        }
        break;
      case 0x7c: case 0x7d: case 0x84: case 0x85:
        if (op == 0x85) {
          xsr++;
          if (openLoops > 0) {
            const at = loopFlagsPtr + (<usize>(openLoops - 1) << 2);
            store<i32>(at, load<i32>(at) | LOOP_XOR);
          }
        }
        if (constAt == instr - 1 && prevAt == instr - 2) {
          const a = (<i64>prevHi << 32) | <i64><u32>prevLo;
          const c = (<i64>constHi << 32) | <i64><u32>constLo;
          const r = op == 0x85 ? a ^ c : op == 0x84 ? a | c : op == 0x7c ? a + c : a - c;
          constLo = <i32>r; constHi = <i32>(r >> 32); constAt = instr;
          known += markPair(constLo, constHi);
        }
        break;
      case 0x71:
        if (constAt != instr - 1) {
          if (openLoops > 0) {
            const at = loopFlagsPtr + (<usize>(openLoops - 1) << 2);
            store<i32>(at, load<i32>(at) | LOOP_VARMASK);
          }
        } else {
          if (constLo == 0xff || constLo == 0x3fc || constLo == 0x7f8) maskedAt = instr;
          else if (openLoops > 0 && isScratchpadMask(constLo)) {
            const at = loopFlagsPtr + (<usize>(openLoops - 1) << 2);
            store<i32>(at, load<i32>(at) | LOOP_MASK);
            scratchpadMask = constLo;
            fnMask = constLo;
          }
        }
        break;
      case 0x83:
        if (constAt == instr - 1) {
          if ((constLo == -1 && constHi == 0) || (constLo == -2 && constHi == 1)) { loAt2 = loAt1; loAt1 = instr; }
          else if (openLoops > 0 && constHi == 0 && isScratchpadMask(constLo)) {
            const at = loopFlagsPtr + (<usize>(openLoops - 1) << 2);
            store<i32>(at, load<i32>(at) | LOOP_MASK);
            scratchpadMask = constLo;
            fnMask = constLo;
          }
        }
        break;
      case 0xad: loAt2 = loAt1; loAt1 = instr; break;
      case 0x74:
        xsr++;
        if (constAt == instr - 1) {
          if (maskedAt == instr - 2 && (constLo == 2 || constLo == 3)) maskedAt = instr;
        } else if (argAt != instr - 1) vshifts |= V_SHL32;
        break;
      case 0x76:
        xsr++;
        if (constAt != instr - 1 && argAt != instr - 1) vshifts |= V_SHR32;
        break;
      case 0x86:
        xsr++;
        if (constAt == instr - 1 || argAt == instr - 1) {
          if ((constAt == instr - 1 ? constLo : argVal) == 1) {
            if (loAt1 >= instr - 4) loAt1 = instr;
            if (get1At >= instr - 4 && get2At == get1At - 1) { dblAt = instr; dbl = get1; dblOther = get2; }
          }
        } else vshifts |= V_SHL64;
        break;
      case 0x88:
        xsr++;
        if (constAt != instr - 1 && argAt != instr - 1) vshifts |= V_SHR64;
        break;
      case 0x75: case 0x87:
        xsr++;
        break;
      case 0x77: case 0x78:
        xsr++;
        if (constAt == instr - 1) {
          const n = op == 0x77 ? constLo & 31 : (32 - (constLo & 31)) & 31;
          rot32 |= 1 << n;
        } else if (argAt != instr - 1) vshifts |= V_SHL32 | V_SHR32;
        break;
      case 0x89: case 0x8a:
        xsr++;
        if (constAt == instr - 1) {
          const n = op == 0x89 ? constLo & 63 : (64 - (constLo & 63)) & 63;
          if (n < 32) rot64Lo |= 1 << n; else rot64Hi |= 1 << (n - 32);
        } else if (argAt != instr - 1) vshifts |= V_SHL64 | V_SHR64;
        break;
      case 0x7e:
        mulSeen = true;
        if (loAt2 >= instr - LO_MUL_WINDOW) { loMuls++; loAt1 = -100; loAt2 = -100; }
        else if (pending < PENDING_MULS && ((get1At == instr - 1 && get2At == instr - 2) || dblAt == instr - 1)) {
          const a = dblAt == instr - 1 ? dblOther : get2;
          const b = dblAt == instr - 1 ? dbl : get1;
          const stale = (a < cutCap && a >= 0 && load<i32>(cutPtr + (<usize>a << 2)) == cutNow - 1)
            || (b < cutCap && b >= 0 && load<i32>(cutPtr + (<usize>b << 2)) == cutNow - 1);
          if (a >= 0 && b >= 0 && !stale) {
            store<i32>(pendingPtr + (<usize>(2 * pending) << 2), a);
            store<i32>(pendingPtr + (<usize>(2 * pending + 1) << 2), b);
            pending++;
          }
        }
        if (openLoops > 0) {
          const at = loopFlagsPtr + (<usize>(openLoops - 1) << 2);
          store<i32>(at, load<i32>(at) | LOOP_MUL);
        }
        break;
      case 0xfb: case 0xfc: case 0xfd: case 0xfe:
        p = prefixed(op, p, opStart);
        if (p == 0) return 0;
        break;
      default:
        fail(E_OPCODE, opStart, op);
        return 0;
    }
  }
  if (p > end) fail(E_PAST_END, end, 0);
  else fail(E_NO_END, end, 0);
  return 0;
}

/** Unsigned LEB of at most 5 bytes fitting in 32 bits, or -1 (the JS side then reports why). */
let u32End: usize = 0;
function u32At(p: usize, end: usize): i64 {
  let v: i64 = 0;
  for (let shift: i64 = 0; shift < 35; shift += 7) {
    if (p >= end) return -1;
    const b = <i64>load<u8>(p++);
    v |= (b & 0x7f) << shift;
    if (b < 0x80) {
      if (shift == 28 && b > 0x0f) return -1;
      u32End = p;
      return v;
    }
  }
  return -1;
}

/**
 * Walks the `n` bodies of a code section whose vector starts at `p` (after its count) and
 * ends at `end`, body `i` as function `firstFn + i`, its 8-word summary at `summaries + 32·i`.
 * Returns 1 when every body walked cleanly. Anything unusual (malformed input, a limit, a
 * capacity of this port) returns 0: the JS walker then walks the section again and raises
 * the error itself, so both paths report exactly the same thing.
 */
export function walkSection(p: usize, end: usize, n: i32, firstFn: i32, summaries: usize, maxSize: i32, maxLocals: i32): i32 {
  for (let i = 0; i < n; i++) {
    const size = u32At(p, end);
    if (size < 0 || size > <i64>maxSize || size > <i64>(end - u32End)) return 0;
    p = u32End;
    const bodyEnd = p + <usize>size;
    const groups = u32At(p, bodyEnd);
    if (groups < 0) return 0;
    p = u32End;
    let locals: i64 = 0;
    for (let k: i64 = 0; k < groups; k++) {
      if (p >= bodyEnd) return 0;
      const count = u32At(p, bodyEnd);
      if (count < 0) return 0;
      p = u32End;
      locals += count;
      if (locals > <i64>maxLocals) return 0;
      if (p >= bodyEnd) return 0;
      const t = load<u8>(p++);
      if (t == 0x63 || t == 0x64) {
        let len = 0;
        while (true) {
          if (p >= bodyEnd || len == 10) return 0;
          len++;
          if (load<u8>(p++) < 0x80) break;
        }
      } else if (t < 0x64 || t > 0x7f) return 0;
    }
    recordPtr = summaries + (<usize>i << 5);
    const after = walk(p, bodyEnd, firstFn + i);
    if (after != bodyEnd) return 0;
    p = bodyEnd;
  }
  return 1;
}

/**
 * The data section (module-scanner.ts data, const-index.ts scanBytes): `n` segments from `p`
 * (after the count) to `end`. Offset expressions are walked as the JS walker walks them; each
 * segment's bytes are filtered four windows per 64-bit load, and the few windows that pass
 * (a fraction of a percent) are written to `out` as (position, segment start, segment end)
 * for the JS side to confirm against the hash chains, `cap` at a time through `flush`.
 * Returns 1 when the section is clean; 0 sends it back to the JS scanner.
 */
let dataBytes: f64 = 0;
let candidates: i32 = 0;
export function walkDataSection(p: usize, end: usize, n: i32, out: usize, cap: i32, filter: usize, zeroSkips: bool): i32 {
  dataBytes = 0;
  candidates = 0;
  for (let i = 0; i < n; i++) {
    if (p >= end) return 0;
    const flags = u32At(p, end);
    if (flags < 0 || flags > 2) return 0;
    p = u32End;
    if (flags == 2) {
      if (u32At(p, end) < 0) return 0;
      p = u32End;
    }
    if (flags != 1) {
      const q = constOffset(p, end);
      p = q != 0 ? q : walk(p, end, -1);
      if (p == 0) return 0;
    }
    const len = u32At(p, end);
    if (len < 0 || len > <i64>(end - u32End)) return 0;
    p = u32End;
    const segEnd = p + <usize>len;
    filterSegment(p, segEnd, out, cap, filter, zeroSkips);
    dataBytes += <f64>len;
    p = segEnd;
  }
  return p == end ? 1 : 0;
}

/**
 * The usual offset expression, `i32.const v; end`, with what walk() would record for it (two
 * instructions; the constant marked when its LEB takes more than a byte), without walk()'s
 * set-up: Go modules have a hundred thousand segments. Returns the position after the `end`,
 * or 0 for walk() to take any other expression.
 */
function constOffset(p: usize, end: usize): usize {
  if (load<u8>(p) != 0x41) return 0;
  let q = p + 1;
  let b = <i32>load<u8>(q++);
  let v = b & 0x7f;
  let shift = 7;
  while (b >= 0x80 && shift < 35) { b = load<u8>(q++); v |= (b & 0x7f) << shift; shift += 7; }
  if (b >= 0x80 || q >= end || load<u8>(q) != 0x0b) return 0;
  if (shift < 32 && (b & 0x40) != 0) v |= -1 << shift;
  if (shift > 7) markWord(v);
  fInstructions += 2;
  return q + 1;
}

/** Hands the JS side the `n` candidates written to `out` so far; the buffer is then reused. */
@external("env", "flush")
declare function flush(n: i32): void;

@inline function passes(w: u32, filter: usize): bool {
  const f = (w * HASH_MUL) >>> BYTES_FILTER_SHIFT;
  return (load<u32>(filter + (<usize>(f >>> 5) << 2)) & (1 << (f & 31))) != 0;
}

/** Records the window at `at` of the segment [start, end), flushing a full buffer first. */
@inline function candidate(at: usize, start: usize, end: usize, out: usize, cap: i32): void {
  if (candidates == cap) { flush(candidates); candidates = 0; }
  const to = out + <usize>candidates * 12;
  store<u32>(to, <u32>at);
  store<u32>(to, <u32>start, 4);
  store<u32>(to, <u32>end, 8);
  candidates++;
}

function filterSegment(start: usize, end: usize, out: usize, cap: i32, filter: usize, zeroSkips: bool): void {
  let i = start;
  while (i + 8 <= end) {
    const q = load<u64>(i);
    if (zeroSkips && (q & 0xffffffffffffff) == 0) { i += 4; continue; }
    if (passes(<u32>q, filter)) candidate(i, start, end, out, cap);
    if (passes(<u32>(q >> 8), filter)) candidate(i + 1, start, end, out, cap);
    if (passes(<u32>(q >> 16), filter)) candidate(i + 2, start, end, out, cap);
    if (passes(<u32>(q >> 24), filter)) candidate(i + 3, start, end, out, cap);
    i += 4;
  }
  for (; i + 4 <= end; i++) if (passes(load<u32>(i), filter)) candidate(i, start, end, out, cap);
}
