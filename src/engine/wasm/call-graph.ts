// Per-function summaries and direct call edges, so a loop's shape can include what the
// functions it calls do: at -O0, and in most obfuscated builds, the AES round, the 64-bit
// multiply and the hash live in helpers called from the hot loop rather than in the loop.
// Only a few numbers per function are kept; edges stop being recorded past a cap, which only
// very large modules reach (and those lose nothing but these loop shapes).

/** Properties of a function body, and transitively of what it calls. */
export const P_CORE = 1; // hash-like body: dense xor/shift/rotate arithmetic
export const P_MUL = 2; // i64.mul
export const P_TLOAD = 4; // many masked byte-index table loads (T-table / S-box lookups)
export const P_FBLAMKA = 8; // Argon2's 2*lo(a)*lo(b) multiply
export const P_KNOWN = 16; // holds several fingerprinted constants as immediates (a hash's IV, round constants)
export const P_VROT32 = 32; // a small body rotating a 32-bit value by an amount it is given: a rotl32/rotr32 helper
export const P_VROT64 = 64; // the same for 64-bit values

/** Loop flags recorded for a function: what its interesting loops looked like. */
export const L_SEARCH = 1; // a loop with a call and a non-constant 64-bit unsigned compare
export const L_SCRATCH = 2; // a loop masking addresses with a scratchpad-sized mask
export const L_SEARCH_INLINE = 4; // a search loop whose body itself is hash-like
export const L_SCRATCH_MUL = 8; // the masked loop also multiplies 64-bit values itself
export const L_SCRATCH_TLOAD = 16; // the masked loop itself does table lookups
export const L_DECODE = 32; // a loop that loads, xors and stores memory: decoding data in place

/** A rolled SHA-256 or Keccak-f round loop has a dozen or two of them; a whole unrolled one, hundreds. */
const CORE_MIN_XSR = 12;
const TLOAD_MIN = 8;
const KNOWN_MIN = 4;
const MAX_EDGES = 1 << 19;

export class CallGraph {
  props: Uint8Array = new Uint8Array(0);
  /** xor/shift/rotate count of each body (saturating at 65535). */
  xsr: Uint16Array = new Uint16Array(0);
  loopFlags: Uint8Array = new Uint8Array(0);
  /** Scratchpad mask of a masked loop, by function (few functions have one). */
  readonly masks = new Map<number, number>();
  /**
   * Bit n set when some call passes the constant n (1..63) as the callee's last argument: what
   * a rotate helper is asked to rotate by, at -O0 where rotations are calls rather than rotl.
   */
  argAmountsLo: Uint32Array = new Uint32Array(0);
  argAmountsHi: Uint32Array = new Uint32Array(0);
  private edges = new Int32Array(1024);
  /** 1 where the call sits inside a loop of its caller. */
  private inLoop = new Uint8Array(512);
  private edgeCount = 0;
  imports = 0;
  /** Index of the start function, if the module has one. */
  startFn = -1;

  /** Called once the code section says how many bodies follow. */
  reserve(functions: number): void {
    const n = this.imports + functions;
    if (n <= this.props.length) return;
    const grow = (a: Uint8Array, make: (n: number) => Uint8Array): Uint8Array => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.props = grow(this.props, (k) => new Uint8Array(k));
    this.loopFlags = grow(this.loopFlags, (k) => new Uint8Array(k));
    const x = new Uint16Array(n);
    x.set(this.xsr);
    this.xsr = x;
    const lo = new Uint32Array(n);
    lo.set(this.argAmountsLo);
    this.argAmountsLo = lo;
    const hi = new Uint32Array(n);
    hi.set(this.argAmountsHi);
    this.argAmountsHi = hi;
  }

  /** A call whose last argument is the constant `amount` (1..63). */
  constantArgument(callee: number, amount: number): void {
    if (callee >= this.argAmountsLo.length) return;
    if (amount < 32) this.argAmountsLo[callee] |= 1 << amount;
    else this.argAmountsHi[callee] |= 1 << (amount - 32);
  }

  edge(caller: number, callee: number, inLoop: boolean): void {
    const n = this.edgeCount;
    if (n >= MAX_EDGES) return;
    if (n > 0 && this.edges[2 * n - 2] === caller && this.edges[2 * n - 1] === callee) {
      if (inLoop) this.inLoop[n - 1] = 1;
      return;
    }
    if (2 * n + 2 > this.edges.length) {
      const grown = new Int32Array(this.edges.length * 2);
      grown.set(this.edges);
      this.edges = grown;
      const grownLoop = new Uint8Array(this.inLoop.length * 2);
      grownLoop.set(this.inLoop);
      this.inLoop = grownLoop;
    }
    this.edges[2 * n] = caller;
    this.edges[2 * n + 1] = callee;
    this.inLoop[n] = inLoop ? 1 : 0;
    this.edgeCount = n + 1;
  }

  /** Summary of one walked body. */
  body(fn: number, instr: number, xsr: number, tableLoads: number, mul: boolean, fblamka: boolean, loops: number, mask: number, known: number, rotates: number): void {
    if (fn < 0 || fn >= this.props.length) return;
    let p = rotates & (P_VROT32 | P_VROT64);
    if (xsr >= CORE_MIN_XSR && xsr * 10 >= instr) p |= P_CORE;
    if (mul) p |= P_MUL;
    if (tableLoads >= TLOAD_MIN) p |= P_TLOAD;
    if (fblamka) p |= P_FBLAMKA;
    if (known >= KNOWN_MIN) p |= P_KNOWN;
    this.props[fn] = p;
    this.xsr[fn] = Math.min(xsr, 0xffff);
    this.loopFlags[fn] = loops;
    if (mask) this.masks.set(fn, mask);
  }

  /** Transitive properties: what a function does itself or through anything it calls. */
  resolve(): Uint8Array {
    const reach = this.props.slice();
    const e = this.edges;
    const n = this.edgeCount;
    // Call chains in miners are short (mine -> pow_hash -> hash -> permutation -> round).
    for (let pass = 0; pass < 6; pass++) {
      let changed = false;
      for (let i = 0; i < n; i++) {
        const a = e[2 * i];
        const b = e[2 * i + 1];
        if (b >= reach.length || a >= reach.length) continue;
        const merged = reach[a] | reach[b];
        if (merged !== reach[a]) { reach[a] = merged; changed = true; }
      }
      if (!changed) break;
    }
    return reach;
  }

  /** Union of the transitive properties of the functions `fn` calls directly from inside its loops. */
  calleeProps(fn: number, reach: Uint8Array): number {
    let p = 0;
    const { starts, targets, looped } = this.adjacency();
    for (let k = starts[fn]; k < starts[fn + 1]; k++) if (looped[k] && targets[k] < reach.length) p |= reach[targets[k]];
    return p;
  }

  /**
   * xor/shift/rotate operations in everything the loops of `fn` call, each function counted
   * once: at -O0 a hash is spread over dozens of helpers (rotl64, load64, G, round) that
   * only add up to a hash together.
   */
  loopCalleeXsr(fn: number, limit: number): number {
    const { starts, targets, looped } = this.adjacency();
    const n = this.xsr.length;
    // Visit marks by generation in one array for every query: a large module asks this of
    // thousands of loops, and a Set per query was most of the cost.
    if (this.visited.length < n) this.visited = new Uint32Array(n);
    const visited = this.visited;
    const gen = ++this.generation;
    let stack = this.stack;
    let top = 0;
    for (let k = starts[fn]; k < starts[fn + 1]; k++) {
      if (!looped[k]) continue;
      if (top === stack.length) stack = this.stack = grow(stack);
      stack[top++] = targets[k];
    }
    let sum = 0;
    let count = 0;
    while (top > 0 && sum < limit && count < 256) {
      const f = stack[--top];
      // A callee index past 2^31 (invalid modules only) wrapped negative: no hash there.
      if (f < 0) return 0;
      if (f >= n || visited[f] === gen) continue;
      visited[f] = gen;
      count++;
      sum += this.xsr[f];
      for (let k = starts[f]; k < starts[f + 1]; k++) {
        if (top === stack.length) stack = this.stack = grow(stack);
        stack[top++] = targets[k];
      }
    }
    return sum;
  }

  private visited: Uint32Array = new Uint32Array(0);
  private generation = 0;
  private stack: Int32Array = new Int32Array(64);

  private csr?: { starts: Int32Array; targets: Int32Array; looped: Uint8Array };

  /** Callees by caller, built on first use (only modules with a candidate loop need it). */
  private adjacency(): { starts: Int32Array; targets: Int32Array; looped: Uint8Array } {
    if (this.csr) return this.csr;
    const n = this.xsr.length;
    const starts = new Int32Array(n + 1);
    const e = this.edges;
    for (let i = 0; i < this.edgeCount; i++) if (e[2 * i] < n) starts[e[2 * i] + 1]++;
    for (let f = 0; f < n; f++) starts[f + 1] += starts[f];
    const fill = starts.slice(0, n);
    const targets = new Int32Array(this.edgeCount);
    const looped = new Uint8Array(this.edgeCount);
    for (let i = 0; i < this.edgeCount; i++) {
      if (e[2 * i] >= n) continue;
      const k = fill[e[2 * i]]++;
      targets[k] = e[2 * i + 1];
      looped[k] = this.inLoop[i];
    }
    this.csr = { starts, targets, looped };
    return this.csr;
  }

  functionsWithLoops(flag: number): number[] {
    const out: number[] = [];
    for (let f = 0; f < this.loopFlags.length; f++) if (this.loopFlags[f] & flag) out.push(f);
    return out;
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
