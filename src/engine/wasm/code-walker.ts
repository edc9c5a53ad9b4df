import { CallGraph, L_DECODE, L_SCRATCH, L_SCRATCH_MUL, L_SCRATCH_TLOAD, L_SEARCH, L_SEARCH_INLINE, P_VROT32, P_VROT64 } from './call-graph';
import { GF_AFFINE, GF_HIGH, GF_REDUCE, gfConstant, isScratchpadMask, type CodeFeatures } from './code-features';
import { FLAG_CODE, type ConstantIndex } from './const-index';
import { ParseError } from './parse-error';

// The hot path of the analyser. One switch per instruction, immediates skipped in place,
// features kept in locals and flushed once per body: no allocation per instruction. Every
// iteration consumes at least one byte, so work is linear in the body size whatever the
// declared counts say. Only open loops are remembered (as the depth they opened at), so
// nesting depth costs nothing unless it is loops, and then 4 bytes per open loop.

const MAX_LEB_BYTES = 10;

function skipLebTail(buf: Uint8Array, p: number, delta: number): number {
  const start = p - 1;
  while (buf[p++] >= 0x80) {
    if (p - start >= MAX_LEB_BYTES) throw new ParseError('bad-leb', 'LEB128 longer than 10 bytes', start + delta);
  }
  return p;
}

// Opcode classes for the fast path ahead of the switch; OTHER goes through the switch.
const OTHER = 0;
const LOOP_MUL = 1;
const LOOP_MASK = 2;
const LOOP_CALL = 4;
const LOOP_CMP64 = 8;
/** An address masked with a value held in a variable: a scratchpad index whose size is a parameter. */
const LOOP_VARMASK = 16;
const LOOP_LOAD = 32;
const LOOP_STORE = 64;
const LOOP_XOR = 128;
/**
 * A share check compares the hash's last 8 bytes (offset 24 of a 32-byte digest: Monero/CryptoNote
 * pool convention) with the target: an i64.load at offset 24, or 24 added to the digest's
 * address, this close before the 64-bit compare (at -O0 the value passes through locals).
 */
const TOP_WORD_WINDOW = 32;
/** xor/shift/rotate operations inside one loop that make it a hash computed in place. */
const INLINE_CORE_XSR = 48;
/** Table loads inside one loop that make it a table-driven round (AES T-tables: 16 per round). */
const LOOP_TLOAD_MIN = 8;
/** A 32-bit cut this close before an i64.mul is an operand of it. */
const LO_MUL_WINDOW = 16;
/**
 * At -O0 every value passes through a local: `i32.const 7; local.set 9; ...; local.get 9`. A
 * local read back this soon after a constant was stored in it stands for that constant where
 * a call argument or a shift amount is read.
 */
const LOCAL_CONST_WINDOW = 8;
/** Rotate helpers (`(x << n) | (x >> (32 - n))` taking n) are a few dozen instructions even at -O0. */
const ROTATE_HELPER_MAX_INSTR = 256;
/** Variable shifts and rotations seen in a body, as bits. */
const V_SHL32 = 1;
const V_SHR32 = 2;
const V_SHL64 = 4;
const V_SHR64 = 8;
const PLAIN = 1;
const ONE_LEB = 2;
const MEMARG = 3;
const LOCAL = 4;
/** Multiplies of locals per body left for the end-of-body check; fBlaMka has four per G. */
const PENDING_MULS = 8;
const FEATURE_OPS = [0x54, 0x56, 0x58, 0x5a, 0x6a, 0x6b, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x7c, 0x7d, 0x7e,
  0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0xad];
/** Exported for the native walker, which takes the same table into its memory. */
export const OP_CLASS = (() => {
  const c = new Uint8Array(256).fill(OTHER);
  for (const op of [0x00, 0x01, 0x05, 0x0a, 0x0f, 0x19, 0x1a, 0x1b, 0xd1, 0xd3, 0xd4]) c[op] = PLAIN;
  for (let op = 0x45; op <= 0xc4; op++) if (!FEATURE_OPS.includes(op)) c[op] = PLAIN;
  for (const op of [0x07, 0x08, 0x09, 0x0c, 0x0d, 0x12, 0x14, 0x15, 0x23, 0x24,
    0x25, 0x26, 0x3f, 0x40, 0xd0, 0xd2, 0xd5, 0xd6]) c[op] = ONE_LEB;
  for (const op of [0x20, 0x21, 0x22]) c[op] = LOCAL;
  for (let op = 0x28; op <= 0x3e; op++) c[op] = MEMARG;
  return c;
})();

/** Block types: empty, a value type (ref types carry a heap type), or an s33 type index. */
function blockType(buf: Uint8Array, p: number, delta: number): number {
  const bt = buf[p++];
  if (bt === 0x63 || bt === 0x64) {
    if (buf[p++] >= 0x80) p = skipLebTail(buf, p, delta);
  } else if (bt >= 0x80) p = skipLebTail(buf, p, delta);
  return p;
}

export class CodeWalker {
  private loops = new Int32Array(64);
  private loopFlags = new Uint16Array(64);
  /** xor/shift/rotate and table-load counts when each open loop started. */
  private loopXsr = new Int32Array(64);
  private loopTl = new Int32Array(64);
  /**
   * Locals given a value cut to 32 bits: flattened and -O0 code pass fBlaMka's operands through
   * locals, far from the multiply. Marked 2·serial + 1 while the local holds such a value and
   * 2·serial once overwritten, `serial` numbering the bodies so nothing is cleared between them.
   */
  private cutLocals = new Int32Array(256);
  private bodySerial = 0;
  /**
   * Multiplies of two locals not yet known to be cut: a flattened body runs its chunks in
   * another order than it lists them, so the store may come later in the bytes. Checked at the
   * body's end, as pairs of local indices.
   */
  private readonly pendingMuls = new Int32Array(2 * PENDING_MULS);
  /** Function index of the body being walked; -1 for constant expressions. */
  fn = -1;

  constructor(
    private readonly index: ConstantIndex,
    private readonly seen: Uint8Array,
    readonly features: CodeFeatures,
    readonly graph: CallGraph,
  ) {}

  /**
   * Walks one expression starting at `p` (inside its implicit block) up to and including the
   * `end` that closes it. Returns the position after that `end`. `delta` maps positions to
   * module offsets for error reports.
   */
  walk(buf: Uint8Array, p: number, end: number, delta: number): number {
    const index = this.index;
    const seen = this.seen;
    // Read once: some module loaders turn every access to an imported binding into a getter call.
    const codeFlag = FLAG_CODE;
    let loops = this.loops;
    let loopFlags = this.loopFlags;
    let openLoops = 0;
    let depth = 1;
    let instr = 0;
    let xsr = 0;
    let memoryHard = 0;
    let scratchpadMask = this.features.scratchpadMask;
    let tableLoads = 0;
    let rot32 = this.features.rot32;
    let rot64Lo = this.features.rot64Lo;
    let rot64Hi = this.features.rot64Hi;
    let loopXsr = this.loopXsr;
    let loopTl = this.loopTl;
    let constAt = -2;
    let constLo = 0;
    let constHi = 0;
    // The constant before the last one, so `const a; const b; op` pairs can be folded:
    // splitting a table word into two halves joined by xor or add must not hide it.
    let prevAt = -3;
    let prevLo = 0;
    let prevHi = 0;
    let maskedAt = -4;
    let topAt = -100;
    // The last few constants added to an address: once inlining folds the digest's address into
    // a frame offset, its top word sits 24 past an address handed to the hash earlier.
    let off1 = -1;
    let off2 = -1;
    let off3 = -1;
    let off4 = -1;
    let gf = 0;
    let loAt1 = -100;
    let loAt2 = -100;
    let loMuls = 0;
    let mulSeen = false;
    let fnLoops = 0;
    let fnMask = 0;
    let known = 0;
    // The local that last received a constant, and when; a read of it soon after is that constant.
    let constLocal = -1;
    let constLocalAt = -100;
    let constLocalVal = 0;
    let argAt = -2;
    let argVal = 0;
    let vshifts = 0;
    let rotates = 0;
    let cutMarks = 0;
    let cutLocals = this.cutLocals;
    const serial = ++this.bodySerial;
    const cutNow = 2 * serial + 1;
    // The last two locals read, and a local just doubled (fBlaMka's 2·x) with its partner.
    let get1 = -1;
    let get1At = -100;
    let get2 = -1;
    let get2At = -100;
    let dblAt = -100;
    let dbl = -1;
    let dblOther = -1;
    let pending = 0;
    const pendingMuls = this.pendingMuls;
    const fn = this.fn;
    const graph = this.graph;

    while (p < end) {
      const opStart = p;
      const op = buf[p++];
      instr++;
      const cls = OP_CLASS[op];
      if (cls === PLAIN) continue;
      if (cls === LOCAL) {
        const b0 = buf[p++];
        let k = b0;
        if (b0 >= 0x80) {
          if (buf[p] < 0x80) k = (b0 & 0x7f) | (buf[p++] << 7);
          else { p = skipLebTail(buf, p, delta); k = -1; }
        }
        if (op === 0x20) {
          if (k === constLocal && instr - constLocalAt <= LOCAL_CONST_WINDOW) { argAt = instr; argVal = constLocalVal; }
          if (cutMarks > 0 && k >= 0 && k < cutLocals.length && cutLocals[k] === cutNow) { loAt2 = loAt1; loAt1 = instr; }
          get2 = get1; get2At = get1At; get1 = k; get1At = instr;
          continue;
        }
        if (constAt === instr - 1) {
          constLocal = k; constLocalAt = instr; constLocalVal = constLo;
          if (op === 0x22) { argAt = instr; argVal = constLo; }
        } else if (k === constLocal) constLocal = -1;
        if (k >= 0) {
          if (loAt1 === instr - 1) {
            if (k >= cutLocals.length && k < 0x10000) {
              // Capped so exactly the locals below 0x10000 are tracked, as in the native walker.
              const grown = new Int32Array(Math.min(0x10000, Math.max(k + 1, cutLocals.length * 2)));
              grown.set(cutLocals);
              cutLocals = this.cutLocals = grown;
            }
            if (k < cutLocals.length) { cutLocals[k] = cutNow; cutMarks++; }
            if (op === 0x22) loAt1 = instr;
          } else if (cutMarks > 0 && k < cutLocals.length && cutLocals[k] === cutNow) cutLocals[k] = cutNow - 1;
        }
        continue;
      }
      if (cls === ONE_LEB) {
        if (buf[p++] >= 0x80) p = skipLebTail(buf, p, delta);
        continue;
      }
      if (cls === MEMARG) {
        // i32.load / i64.load / i32.load8_u right after a masked index: a table lookup.
        if ((op <= 0x29 || op === 0x2d) && maskedAt >= instr - 2) tableLoads++;
        if (openLoops > 0) loopFlags[openLoops - 1] |= op >= 0x36 ? LOOP_STORE : LOOP_LOAD;
        const align = buf[p++];
        if (align >= 0x80) p = skipLebTail(buf, p, delta);
        else if (align & 0x40 && buf[p++] >= 0x80) p = skipLebTail(buf, p, delta);
        const offset = buf[p++];
        if (offset >= 0x80) p = skipLebTail(buf, p, delta);
        else if (offset === 24 && op === 0x29) topAt = instr;
        continue;
      }
      switch (op) {
        // control with a block type
        case 0x03:
          if (openLoops === loops.length) {
            const grown = new Int32Array(loops.length * 2);
            grown.set(loops);
            loops = grown;
            this.loops = grown;
            const grownFlags = new Uint16Array(loops.length);
            grownFlags.set(loopFlags);
            loopFlags = grownFlags;
            this.loopFlags = grownFlags;
            const grownXsr = new Int32Array(loops.length);
            grownXsr.set(loopXsr);
            loopXsr = grownXsr;
            this.loopXsr = grownXsr;
            const grownTl = new Int32Array(loops.length);
            grownTl.set(loopTl);
            loopTl = grownTl;
            this.loopTl = grownTl;
          }
          loopFlags[openLoops] = 0;
          loopXsr[openLoops] = xsr;
          loopTl[openLoops] = tableLoads;
          loops[openLoops++] = depth;
          depth++;
          p = blockType(buf, p, delta);
          break;
        case 0x02: case 0x04: case 0x06:
          depth++;
          p = blockType(buf, p, delta);
          break;
        case 0x0b:
          depth--;
          if (openLoops > 0 && loops[openLoops - 1] === depth) {
            const flags = loopFlags[--openLoops];
            if ((flags & (LOOP_MUL | LOOP_MASK)) === (LOOP_MUL | LOOP_MASK)) memoryHard++;
            if (flags & (LOOP_MASK | LOOP_VARMASK)) {
              fnLoops |= L_SCRATCH;
              if (flags & LOOP_MUL) fnLoops |= L_SCRATCH_MUL;
              if (tableLoads - loopTl[openLoops] >= LOOP_TLOAD_MIN) fnLoops |= L_SCRATCH_TLOAD;
            }
            if (flags & LOOP_CMP64) {
              if (xsr - loopXsr[openLoops] >= INLINE_CORE_XSR) fnLoops |= L_SEARCH_INLINE;
              else if (flags & LOOP_CALL) fnLoops |= L_SEARCH;
            }
            if ((flags & (LOOP_LOAD | LOOP_STORE | LOOP_XOR)) === (LOOP_LOAD | LOOP_STORE | LOOP_XOR)) fnLoops |= L_DECODE;
            if (openLoops > 0) loopFlags[openLoops - 1] |= flags;
          }
          if (depth === 0) {
            for (let i = 0; i < pending; i++) {
              const a = pendingMuls[2 * i];
              const b = pendingMuls[2 * i + 1];
              if (a < cutLocals.length && b < cutLocals.length && cutLocals[a] >> 1 === serial && cutLocals[b] >> 1 === serial) loMuls++;
            }
            this.flush(instr, xsr, memoryHard, scratchpadMask, tableLoads, rot32, rot64Lo, rot64Hi, loMuls);
            if ((gf & (GF_REDUCE | GF_HIGH)) === (GF_REDUCE | GF_HIGH)) this.features.gfDoubling++;
            if (gf & GF_AFFINE && xsr >= 8) this.features.sboxAffine++;
            if (instr <= ROTATE_HELPER_MAX_INSTR) {
              if ((vshifts & (V_SHL32 | V_SHR32)) === (V_SHL32 | V_SHR32)) rotates |= P_VROT32;
              if ((vshifts & (V_SHL64 | V_SHR64)) === (V_SHL64 | V_SHR64)) rotates |= P_VROT64;
            } else rotates = 0;
            if (fn >= 0) graph.body(fn, instr, xsr, tableLoads, mulSeen, loMuls >= 4, fnLoops, fnMask, known, rotates);
            return p;
          }
          break;
        case 0x18: // delegate (legacy exception handling) closes its `try` in place of an `end`
          depth--;
          if (buf[p++] >= 0x80) p = skipLebTail(buf, p, delta);
          break;
        case 0x1f: { // try_table: block type, then catch clauses
          depth++;
          p = blockType(buf, p, delta);
          let n = 0;
          let shift = 0;
          let b;
          do { b = buf[p++]; n += (b & 0x7f) * 2 ** shift; shift += 7; } while (b >= 0x80 && shift < 35);
          for (; n > 0 && p < end; n--) {
            const kind = buf[p++];
            if (kind > 3) throw new ParseError('malformed', `bad catch kind ${kind}`, p - 1 + delta);
            if (kind < 2 && buf[p++] >= 0x80) p = skipLebTail(buf, p, delta);
            if (buf[p++] >= 0x80) p = skipLebTail(buf, p, delta);
          }
          break;
        }
        case 0x10: {
          // Integer arithmetic up to 28 bits (every real index); only a fifth byte needs a
          // float, so the common path never leaves small integers.
          let b = buf[p++];
          let v = b & 0x7f;
          if (b >= 0x80) {
            b = buf[p++];
            v |= (b & 0x7f) << 7;
            if (b >= 0x80) {
              b = buf[p++];
              v |= (b & 0x7f) << 14;
              if (b >= 0x80) {
                b = buf[p++];
                v |= (b & 0x7f) << 21;
                if (b >= 0x80) { b = buf[p++]; v += (b & 0x7f) * 2 ** 28; }
              }
            }
          }
          if (b >= 0x80) throw new ParseError('bad-leb', 'call index too long', opStart + 1 + delta);
          if (fn >= 0) {
            graph.edge(fn, v, openLoops > 0);
            const amount = constAt === instr - 1 ? constLo : argAt === instr - 1 ? argVal : 0;
            if (amount > 0 && amount < 64) graph.constantArgument(v, amount);
          }
          if (openLoops > 0) loopFlags[openLoops - 1] |= LOOP_CALL;
          break;
        }
        case 0x11: case 0x13:
          if (buf[p++] >= 0x80) p = skipLebTail(buf, p, delta);
          if (buf[p++] >= 0x80) p = skipLebTail(buf, p, delta);
          break;
        case 0x0e: { // br_table: vector of labels plus default
          let n = 0;
          let shift = 0;
          let b;
          do { b = buf[p++]; n += (b & 0x7f) * 2 ** shift; shift += 7; } while (b >= 0x80 && shift < 35);
          for (n++; n > 0 && p < end; n--) if (buf[p++] >= 0x80) p = skipLebTail(buf, p, delta);
          break;
        }
        case 0x1c: { // typed select
          let n = 0;
          let shift = 0;
          let b;
          do { b = buf[p++]; n += (b & 0x7f) * 2 ** shift; shift += 7; } while (b >= 0x80 && shift < 35);
          for (; n > 0 && p < end; n--) {
            const t = buf[p++];
            if ((t === 0x63 || t === 0x64) && buf[p++] >= 0x80) p = skipLebTail(buf, p, delta);
          }
          break;
        }
        case 0x41: {
          let b = buf[p++];
          let v = b & 0x7f;
          let shift = 7;
          while (b >= 0x80 && shift < 35) { b = buf[p++]; v |= (b & 0x7f) << shift; shift += 7; }
          if (b >= 0x80) throw new ParseError('bad-leb', 'i32.const immediate too long', opStart + 1 + delta);
          if (shift < 32 && b & 0x40) v |= -1 << shift;
          prevAt = constAt; prevLo = constLo; prevHi = constHi;
          constAt = instr;
          constLo = v;
          constHi = v >> 31;
          if (v === 24) topAt = instr;
          if ((v & ~0x1ff) === 0) gf |= gfConstant(v);
          // One-byte immediates (-64..63) are far below any fingerprinted word.
          if (shift > 7) known += index.markWord(seen, v, codeFlag);
          break;
        }
        case 0x42: {
          let lo = 0;
          let hi = 0;
          let shift = 0;
          let b;
          do {
            b = buf[p++];
            const v = b & 0x7f;
            if (shift < 28) lo |= v << shift;
            else if (shift === 28) { lo |= v << 28; hi |= v >>> 4; }
            else hi |= v << (shift - 32);
            shift += 7;
          } while (b >= 0x80 && shift < 70);
          if (b >= 0x80) throw new ParseError('bad-leb', 'i64.const immediate too long', opStart + 1 + delta);
          if (shift < 64 && b & 0x40) {
            if (shift < 32) { lo |= -1 << shift; hi = -1; } else hi |= -1 << (shift - 32);
          }
          prevAt = constAt; prevLo = constLo; prevHi = constHi;
          constAt = instr;
          constLo = lo;
          constHi = hi;
          known += index.markPair(seen, lo, hi, codeFlag);
          break;
        }
        case 0x43: p += 4; break;
        case 0x44: p += 8; break;
        // numeric instructions that feed the fingerprints
        case 0x54: case 0x56: case 0x58: case 0x5a:
          // A 64-bit unsigned compare of the digest's top word with something other than a
          // constant: how a share check compares the hash with the target.
          if (openLoops > 0 && constAt !== instr - 1 && topAt >= instr - TOP_WORD_WINDOW) loopFlags[openLoops - 1] |= LOOP_CMP64;
          break;
        case 0x6a:
          // index + table base, the base a constant or a local just pushed
          if (maskedAt >= instr - 2) maskedAt = instr;
          else if (constAt === instr - 1 && prevAt === instr - 2) {
            constLo = (prevLo + constLo) | 0; constAt = instr; known += index.markWord(seen, constLo, codeFlag);
            if (constLo === 24) topAt = instr;
            if ((constLo & ~0x1ff) === 0) gf |= gfConstant(constLo);
          } else if (constAt === instr - 1 && constLo >= 0 && constLo < 0x10000) {
            const o = constLo - 24;
            if (o >= 0 && (o === off1 || o === off2 || o === off3 || o === off4)) topAt = instr;
            off4 = off3; off3 = off2; off2 = off1; off1 = constLo;
          }
          break;
        case 0x6b: case 0x72: case 0x73:
          if (op === 0x73) {
            xsr++;
            if (openLoops > 0) loopFlags[openLoops - 1] |= LOOP_XOR;
          }
          if (constAt === instr - 1 && prevAt === instr - 2) {
            constLo = op === 0x73 ? prevLo ^ constLo : op === 0x72 ? prevLo | constLo : (prevLo - constLo) | 0;
            constAt = instr;
            known += index.markWord(seen, constLo, codeFlag);
            if (constLo === 24) topAt = instr;
            if ((constLo & ~0x1ff) === 0) gf |= gfConstant(constLo);
          }
          break;
        case 0x7c: case 0x7d: case 0x84: case 0x85:
          if (op === 0x85) {
            xsr++;
            if (openLoops > 0) loopFlags[openLoops - 1] |= LOOP_XOR;
          }
          if (constAt === instr - 1 && prevAt === instr - 2) {
            let lo: number;
            let hi: number;
            if (op === 0x85) { lo = prevLo ^ constLo; hi = prevHi ^ constHi; }
            else if (op === 0x84) { lo = prevLo | constLo; hi = prevHi | constHi; }
            else {
              const l = op === 0x7c ? (prevLo >>> 0) + (constLo >>> 0) : (prevLo >>> 0) - (constLo >>> 0);
              lo = l | 0;
              hi = (op === 0x7c ? prevHi + constHi + (l > 0xffffffff ? 1 : 0) : prevHi - constHi - (l < 0 ? 1 : 0)) | 0;
            }
            constLo = lo; constHi = hi; constAt = instr;
            known += index.markPair(seen, lo, hi, codeFlag);
          }
          break;
        case 0x71:
          if (constAt !== instr - 1) {
            if (openLoops > 0) loopFlags[openLoops - 1] |= LOOP_VARMASK;
          } else {
            if (constLo === 0xff || constLo === 0x3fc || constLo === 0x7f8) maskedAt = instr;
            else if (openLoops > 0 && isScratchpadMask(constLo)) {
              loopFlags[openLoops - 1] |= LOOP_MASK;
              scratchpadMask = constLo;
              fnMask = constLo;
            }
          }
          break;
        case 0x83:
          if (constAt === instr - 1) {
            // x & 0xFFFFFFFF, or clang's (x << 1) & 0x1FFFFFFFE folding fBlaMka's factor 2 in
            if ((constLo === -1 && constHi === 0) || (constLo === -2 && constHi === 1)) { loAt2 = loAt1; loAt1 = instr; }
            else if (openLoops > 0 && constHi === 0 && isScratchpadMask(constLo)) {
              loopFlags[openLoops - 1] |= LOOP_MASK;
              scratchpadMask = constLo;
              fnMask = constLo;
            }
          }
          break;
        case 0xad: loAt2 = loAt1; loAt1 = instr; break;
        case 0x74:
          xsr++;
          if (constAt === instr - 1) {
            if (maskedAt === instr - 2 && (constLo === 2 || constLo === 3)) maskedAt = instr;
          } else if (argAt !== instr - 1) vshifts |= V_SHL32;
          break;
        case 0x76:
          xsr++;
          if (constAt !== instr - 1 && argAt !== instr - 1) vshifts |= V_SHR32;
          break;
        case 0x86:
          xsr++;
          if (constAt === instr - 1 || argAt === instr - 1) {
            // fBlaMka's factor 2 applied to a cut operand (x << 1) keeps it an operand of the
            // multiply; the 1 may be a split constant folded from two (then 3 instructions).
            if ((constAt === instr - 1 ? constLo : argVal) === 1) {
              if (loAt1 >= instr - 4) loAt1 = instr;
              if (get1At >= instr - 4 && get2At === get1At - 1) { dblAt = instr; dbl = get1; dblOther = get2; }
            }
          } else vshifts |= V_SHL64;
          break;
        case 0x88:
          xsr++;
          if (constAt !== instr - 1 && argAt !== instr - 1) vshifts |= V_SHR64;
          break;
        case 0x75: case 0x87:
          xsr++;
          break;
        case 0x77: case 0x78:
          xsr++;
          if (constAt === instr - 1) {
            const n = op === 0x77 ? constLo & 31 : (32 - (constLo & 31)) & 31;
            rot32 |= 1 << n;
          } else if (argAt !== instr - 1) vshifts |= V_SHL32 | V_SHR32;
          break;
        case 0x89: case 0x8a:
          xsr++;
          if (constAt === instr - 1) {
            const n = op === 0x89 ? constLo & 63 : (64 - (constLo & 63)) & 63;
            if (n < 32) rot64Lo |= 1 << n; else rot64Hi |= 1 << (n - 32);
          } else if (argAt !== instr - 1) vshifts |= V_SHL64 | V_SHR64;
          break;
        case 0x7e:
          mulSeen = true;
          if (loAt2 >= instr - LO_MUL_WINDOW) { loMuls++; loAt1 = loAt2 = -100; }
          else if (pending < PENDING_MULS && ((get1At === instr - 1 && get2At === instr - 2) || dblAt === instr - 1)) {
            const a = dblAt === instr - 1 ? dblOther : get2;
            const b = dblAt === instr - 1 ? dbl : get1;
            // A local whose cut value was already overwritten holds something else by now.
            const stale = (a < cutLocals.length && cutLocals[a] === cutNow - 1) || (b < cutLocals.length && cutLocals[b] === cutNow - 1);
            if (a >= 0 && b >= 0 && !stale) { pendingMuls[2 * pending] = a; pendingMuls[2 * pending + 1] = b; pending++; }
          }
          if (openLoops > 0) loopFlags[openLoops - 1] |= LOOP_MUL;
          break;
        case 0xfb: p = this.prefixedGc(buf, p, delta, opStart); break;
        case 0xfc: p = this.prefixedMisc(buf, p, delta, opStart); break;
        case 0xfd: p = this.prefixedSimd(buf, p, delta, opStart); break;
        case 0xfe: p = this.prefixedAtomic(buf, p, delta, opStart); break;
        default:
          throw new ParseError('unknown-opcode', `unknown opcode 0x${op.toString(16)}`, opStart + delta);
      }
    }
    if (p > end) throw new ParseError('malformed', 'instruction runs past the end of its body', end + delta);
    throw new ParseError('malformed', 'expression lacks its closing end', end + delta);
  }

  private flush(instr: number, xsr: number, memoryHard: number, scratchpadMask: number, tableLoads: number,
    rot32: number, rot64Lo: number, rot64Hi: number, loMuls: number): void {
    const f = this.features;
    f.loMuls += loMuls;
    f.instructions += instr;
    f.xorShiftRotate += xsr;
    f.memoryHardLoops += memoryHard;
    f.scratchpadMask = scratchpadMask;
    f.tableLoads += tableLoads;
    f.rot32 = rot32;
    f.rot64Lo = rot64Lo;
    f.rot64Hi = rot64Hi;
  }

  private memarg(buf: Uint8Array, p: number, delta: number): number {
    const align = buf[p++];
    if (align >= 0x80) p = skipLebTail(buf, p, delta);
    else if (align & 0x40 && buf[p++] >= 0x80) p = skipLebTail(buf, p, delta); // multi-memory index
    if (buf[p++] >= 0x80) p = skipLebTail(buf, p, delta);
    return p;
  }

  private subop(buf: Uint8Array, p: number): number {
    // Sub-opcodes are u32 LEBs; the caller reads the position back from `this.pos`.
    let v = 0;
    let shift = 0;
    let b;
    do { b = buf[p++]; v += (b & 0x7f) * 2 ** shift; shift += 7; } while (b >= 0x80 && shift < 35);
    this.pos = p;
    return v;
  }

  private pos = 0;

  private skip(buf: Uint8Array, p: number, n: number, delta: number): number {
    for (let i = 0; i < n; i++) if (buf[p++] >= 0x80) p = skipLebTail(buf, p, delta);
    return p;
  }

  private prefixedGc(buf: Uint8Array, p: number, delta: number, opStart: number): number {
    const sub = this.subop(buf, p);
    p = this.pos;
    if (sub <= 1 || (sub >= 6 && sub <= 7) || (sub >= 11 && sub <= 14) || sub === 16 || (sub >= 20 && sub <= 23)) return this.skip(buf, p, 1, delta);
    if ((sub >= 2 && sub <= 5) || (sub >= 8 && sub <= 10) || (sub >= 17 && sub <= 19)) return this.skip(buf, p, 2, delta);
    if (sub === 15 || (sub >= 26 && sub <= 30)) return p;
    if (sub === 24 || sub === 25) return this.skip(buf, p + 1, 3, delta); // flags byte, label, two heap types
    throw new ParseError('unknown-opcode', `unknown opcode 0xfb ${sub}`, opStart + delta);
  }

  private prefixedMisc(buf: Uint8Array, p: number, delta: number, opStart: number): number {
    const sub = this.subop(buf, p);
    p = this.pos;
    if (sub <= 7) return p;
    if (sub === 8 || sub === 10 || sub === 12 || sub === 14) return this.skip(buf, p, 2, delta);
    if (sub <= 17) return this.skip(buf, p, 1, delta);
    throw new ParseError('unknown-opcode', `unknown opcode 0xfc ${sub}`, opStart + delta);
  }

  private prefixedSimd(buf: Uint8Array, p: number, delta: number, opStart: number): number {
    const sub = this.subop(buf, p);
    p = this.pos;
    if (sub <= 11 || sub === 92 || sub === 93) return this.memarg(buf, p, delta);
    if (sub === 12) {
      // v128.const: its 16 bytes are read like a tiny data segment, so tables or constants
      // packed into vectors are still seen.
      this.index.scanBytes(this.seen, buf, p, p + 16, FLAG_CODE);
      return p + 16;
    }
    if (sub === 13) return p + 16;
    if (sub >= 21 && sub <= 34) return p + 1;
    if (sub >= 84 && sub <= 91) return this.memarg(buf, p, delta) + 1;
    if (sub <= 0x113) return p;
    throw new ParseError('unknown-opcode', `unknown opcode 0xfd ${sub}`, opStart + delta);
  }

  private prefixedAtomic(buf: Uint8Array, p: number, delta: number, opStart: number): number {
    const sub = this.subop(buf, p);
    p = this.pos;
    if (sub === 3) return p + 1;
    if (sub <= 2 || (sub >= 0x10 && sub <= 0x4e)) return this.memarg(buf, p, delta);
    throw new ParseError('unknown-opcode', `unknown opcode 0xfe ${sub}`, opStart + delta);
  }
}
