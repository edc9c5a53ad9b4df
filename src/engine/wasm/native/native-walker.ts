import { FLAG_CODE, FLAG_DATA, type ConstantIndex } from '../const-index';
import { OP_CLASS } from '../code-walker';
import type { CallGraph } from '../call-graph';
import type { CodeFeatures } from '../code-features';
import { decodeBase64 } from '../../base64';
import { WALKER_WASM_BASE64 } from './walker-wasm.generated';
import { globalWasmPlatform, type WasmPlatform } from './wasm-platform';

// The code section walked by walker.as.ts compiled to Wasm, with the same results as
// CodeWalker (test/unit/engine/wasm/native-walker.test.ts holds them together). Only clean
// sections are walked here: on anything malformed, past a limit or past a capacity of the
// port, the JS walker walks the section again and reports in its own words, so errors need
// no second implementation. Results are applied only once the whole section has walked, so
// a fallback leaves no trace (data-scan hits excepted: the JS scan of the same segments
// marks them again). An instance's memory is reused by every module it walks and keeps the
// size the largest one needed; analyze-native.ts decides how long an instance lives (the
// CLI's for the process, a page's until its modules are judged).

const PAGE = 65536;
/** Deeper loop nesting than this walks in JS; real code nests a handful. */
const LOOP_CAPACITY = 16384;
/** Locals tracked for fBlaMka's cut operands, as in the JS walker. */
const CUT_CAPACITY = 0x10000;
/** call-graph.ts keeps at most this many edges; more are dropped there as here. */
const EDGE_CAPACITY = 1 << 19;
/** Data-scan candidates handed to JS per flush. */
const CANDIDATES = 4096;
/** Zeroed bytes after the copied section: an immediate that runs past it reads them, then fails. */
const TAIL = 32;

interface Exports {
  memory: WebAssembly.Memory;
  setLayout(...args: number[]): void;
  begin(instructions: number, xsr: number, memoryHard: number, scratchpadMask: number, tableLoads: number,
    rot32: number, rot64Lo: number, rot64Hi: number, loMuls: number, gfDoubling: number, sboxAffine: number): void;
  walkSection(p: number, end: number, n: number, firstFn: number, summaries: number, maxSize: number, maxLocals: number): number;
  walkDataSection(p: number, end: number, n: number, out: number, cap: number, filter: number, zeroSkips: boolean): number;
  edges(): number;
  vectorConstants(): number;
  candidateCount(): number;
  dataByteCount(): number;
  saveFeatures(at: number): void;
}

export interface SectionLimits {
  readonly maxFunctions: number;
  readonly maxFunctionSize: number;
  readonly maxLocals: number;
}

export interface SectionTarget {
  readonly seen: Uint8Array;
  readonly features: CodeFeatures;
  readonly graph: CallGraph;
}

let walkerBytes: Uint8Array<ArrayBuffer> | undefined;
/**
 * The compiled walker, per platform (a page hook's and the global one at most); null when
 * that platform refused to compile it. It is not asked again: a page's CSP would refuse it
 * again, and each refusal is a violation report the page sees.
 */
let compiled: { platform: WasmPlatform; module: WebAssembly.Module | null } | undefined;

function walkerModule(platform: WasmPlatform): WebAssembly.Module {
  if (compiled?.platform !== platform) {
    walkerBytes ??= decodeBase64(WALKER_WASM_BASE64)!;
    compiled = { platform, module: null };
    compiled.module = platform.compile(walkerBytes);
  }
  if (!compiled.module) throw new Error('the walker could not be compiled here');
  return compiled.module;
}

const align8 = (n: number) => (n + 7) & ~7;

export class NativeWalker {
  private readonly x: Exports;
  private readonly seenAt: number;
  /** First byte of the per-section regions (edges, call arguments, the section itself). */
  private readonly dynamicAt: number;
  private readonly seenLength: number;
  private readonly bytesFilterAt: number;
  private readonly zeroSkips: boolean;

  constructor(private readonly index: ConstantIndex, private readonly platform: WasmPlatform = globalWasmPlatform) {
    const flush = (n: number) => this.confirm(n);
    this.x = platform.instantiate(walkerModule(platform), { env: { flush } }) as unknown as Exports;
    const t = index.probeTables();
    // The first page stays the compiled walker's own.
    let at = PAGE;
    const place = (bytes: number) => { const here = at; at = align8(at + bytes); return here; };
    const filter = place(t.filter.byteLength);
    const head = place(t.head.byteLength);
    const next = place(t.next.byteLength);
    const nodeKey = place(t.nodeKey.byteLength);
    const nodeEntry = place(t.nodeEntry.byteLength);
    const nodeSwapped = place(t.nodeSwapped.byteLength);
    const his = place(t.his.byteLength);
    const kinds = place(t.kinds.byteLength);
    const codeOnly = place(t.codeOnly.byteLength);
    const classes = place(256);
    this.bytesFilterAt = place(t.bytesFilter.byteLength);
    this.zeroSkips = (t.bytesFilter[0] & 1) === 0;
    this.seenLength = index.size;
    this.seenAt = place(index.size);
    const loops = place(4 * LOOP_CAPACITY);
    const loopFlags = place(4 * LOOP_CAPACITY);
    const loopXsr = place(4 * LOOP_CAPACITY);
    const loopTl = place(4 * LOOP_CAPACITY);
    const cut = place(4 * CUT_CAPACITY);
    const pending = place(64);
    this.dynamicAt = at;
    this.reserve(at);
    const mem = this.memory();
    const copy = (to: number, a: Int32Array | Uint8Array) => new Uint8Array(mem, to, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    copy(filter, t.filter); copy(head, t.head); copy(next, t.next); copy(nodeKey, t.nodeKey); copy(nodeEntry, t.nodeEntry);
    copy(nodeSwapped, t.nodeSwapped); copy(his, t.his); copy(kinds, t.kinds); copy(codeOnly, t.codeOnly);
    copy(classes, OP_CLASS); copy(this.bytesFilterAt, t.bytesFilter);
    this.layout = [filter, head, next, nodeKey, nodeEntry, nodeSwapped, his, kinds, codeOnly, t.shift, this.seenAt,
      loops, loopFlags, loopXsr, loopTl, LOOP_CAPACITY, cut, CUT_CAPACITY, pending, classes];
  }

  /** Region addresses fixed at construction; the per-section ones are appended per call. */
  private readonly layout: number[];

  private reserve(bytes: number): void {
    const have = this.memory().byteLength;
    if (bytes > have) this.platform.grow(this.x.memory, Math.ceil((bytes - have) / PAGE));
  }

  /** How large its memory has grown. */
  memoryBytes(): number {
    return this.memory().byteLength;
  }

  /** The walker's memory now (a grow replaces the buffer). */
  private memory(): ArrayBuffer {
    return this.platform.buffer(this.x.memory);
  }

  /** Lays out a section's regions after the fixed ones and hands the current features over. */
  private start(len: number, fns: number, summaries: number, into: SectionTarget): Section {
    const edgeCap = Math.min(EDGE_CAPACITY, (len >> 1) + 1);
    const edgesAt = this.dynamicAt;
    const argLoAt = align8(edgesAt + 12 * edgeCap);
    const argHiAt = align8(argLoAt + 4 * fns);
    const summariesAt = align8(argHiAt + 4 * fns);
    // A v128.const takes 18 bytes, so this many positions always fit.
    const v128Cap = Math.floor(len / 18) + 1;
    const v128At = align8(summariesAt + 32 * summaries);
    const outAt = align8(v128At + 4 * v128Cap);
    const codeAt = align8(outAt + 12 * CANDIDATES);
    this.reserve(codeAt + len + TAIL);
    const bytes = new Uint8Array(this.memory());
    bytes.fill(0, this.seenAt, this.seenAt + this.seenLength);
    bytes.fill(0, argLoAt, summariesAt);
    this.x.setLayout(...this.layout, edgesAt, edgeCap, argLoAt, argHiAt, fns, v128At, v128Cap);
    const f = into.features;
    this.x.begin(f.instructions, f.xorShiftRotate, f.memoryHardLoops, f.scratchpadMask, f.tableLoads, f.rot32, f.rot64Lo,
      f.rot64Hi, f.loMuls, f.gfDoubling, f.sboxAffine);
    return { edgesAt, argLoAt, argHiAt, summariesAt, v128At, outAt, codeAt };
  }

  /** As `start`, or null when the memory cannot grow that far: the JS walker walks the section. */
  private tryStart(len: number, fns: number, summaries: number, into: SectionTarget): Section | null {
    try {
      return this.start(len, fns, summaries, into);
    } catch {
      return null;
    }
  }

  /** Copies `buf[p, end)` to the section's code region, followed by zeroes. */
  private load(buf: Uint8Array, p: number, end: number, at: number): void {
    const bytes = new Uint8Array(this.memory());
    bytes.set(buf.subarray(p, end), at);
    bytes.fill(0, at + end - p, at + end - p + TAIL);
  }

  /** After a clean walk: constants seen (vector constants included) and the features. */
  private finish(s: Section, buf: Uint8Array, delta: number, into: SectionTarget): void {
    const x = this.x;
    const mem = this.memory();
    const seen = new Uint8Array(mem, this.seenAt, this.seenLength);
    for (let k = 0; k < seen.length; k++) if (seen[k]) into.seen[k] |= seen[k];
    for (const at of new Uint32Array(mem, s.v128At, x.vectorConstants())) {
      this.index.scanBytes(into.seen, buf, at + delta, at + delta + 16, FLAG_CODE);
    }
    x.saveFeatures(s.outAt);
    const v = new Float64Array(mem, s.outAt, 11);
    const f = into.features;
    f.instructions = v[0]; f.xorShiftRotate = v[1]; f.memoryHardLoops = v[2]; f.scratchpadMask = v[3]; f.tableLoads = v[4];
    f.rot32 = v[5]; f.rot64Lo = v[6]; f.rot64Hi = v[7]; f.loMuls = v[8]; f.gfDoubling = v[9]; f.sboxAffine = v[10];
  }

  /**
   * Walks the code section whose bodies (`n` of them, the first being function `firstFn`)
   * occupy `buf[p, end)` into `into`, as ModuleScanner's JS loop would. Returns false, having
   * changed nothing, when the section is malformed, hits a limit or exceeds a capacity of the
   * port: the JS loop then walks it and reports the error in its own words.
   */
  walkCode(buf: Uint8Array, p: number, end: number, n: number, firstFn: number, limits: SectionLimits, into: SectionTarget): boolean {
    const len = end - p;
    // Every body takes at least three bytes (size, locals count, end).
    if (n > limits.maxFunctions || 3 * n > len) return false;
    const graph = into.graph;
    const fns = graph.props.length;
    const s = this.tryStart(len, fns, n, into);
    if (!s) return false;
    this.load(buf, p, end, s.codeAt);
    const x = this.x;
    if (!x.walkSection(s.codeAt, s.codeAt + len, n, firstFn, s.summariesAt, limits.maxFunctionSize, limits.maxLocals)) return false;
    const mem = this.memory();
    const sum = new Int32Array(mem, s.summariesAt, 8 * n);
    for (let i = 0, k = 0; i < n; i++, k += 8) {
      graph.body(firstFn + i, sum[k], sum[k + 1], sum[k + 2], (sum[k + 3] & 1) !== 0, (sum[k + 3] & 2) !== 0, sum[k + 4], sum[k + 5],
        sum[k + 6], sum[k + 7]);
    }
    const edges = new Int32Array(mem, s.edgesAt, 3 * x.edges());
    for (let i = 0; i < edges.length; i += 3) graph.edge(edges[i], edges[i + 1], edges[i + 2] !== 0);
    const argLo = new Uint32Array(mem, s.argLoAt, fns);
    const argHi = new Uint32Array(mem, s.argHiAt, fns);
    for (let k = 0; k < fns; k++) {
      if (argLo[k]) graph.argAmountsLo[k] |= argLo[k];
      if (argHi[k]) graph.argAmountsHi[k] |= argHi[k];
    }
    this.finish(s, buf, p - s.codeAt, into);
    return true;
  }

  /**
   * The data section's `n` segments in `buf[p, end)`: offset expressions walked, bytes
   * scanned for constants (const-index.ts scanBytes), the filter pass in Wasm and only the
   * windows that pass confirmed in JS. Returns the segments' byte total, or -1 for the JS
   * scanner to do the section again and report any error.
   */
  walkData(buf: Uint8Array, p: number, end: number, n: number, into: SectionTarget): number {
    const len = end - p;
    // Every segment takes at least two bytes (flags, length).
    if (2 * n > len) return -1;
    const s = this.tryStart(len, 0, 0, into);
    if (!s) return -1;
    this.load(buf, p, end, s.codeAt);
    const x = this.x;
    // Hits confirmed before a fallback are ones the JS scan of the same segments marks again.
    this.scan = { buf, delta: p - s.codeAt, seen: into.seen, outAt: s.outAt };
    try {
      if (!x.walkDataSection(s.codeAt, s.codeAt + len, n, s.outAt, CANDIDATES, this.bytesFilterAt, this.zeroSkips)) return -1;
      this.confirm(x.candidateCount());
    } finally {
      this.scan = undefined;
    }
    const total = x.dataByteCount();
    this.finish(s, buf, p - s.codeAt, into);
    return total;
  }

  /** Where the data scan in progress confirms its candidates. */
  private scan?: { buf: Uint8Array; delta: number; seen: Uint8Array; outAt: number };

  private confirm(n: number): void {
    const { buf, delta, seen, outAt } = this.scan!;
    const out = new Uint32Array(this.memory(), outAt, 3 * n);
    for (let k = 0; k < out.length; k += 3) this.index.probeWindow(seen, buf, out[k] + delta, out[k + 1] + delta, out[k + 2] + delta, FLAG_DATA);
  }
}

interface Section {
  edgesAt: number; argLoAt: number; argHiAt: number; summariesAt: number; v128At: number;
  /** Data-scan candidates while walking; the features once done. */
  outAt: number;
  codeAt: number;
}
