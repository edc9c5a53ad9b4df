/**
 * A compiled rule regex, as plain JSON (it travels to the page inside the page rules).
 * `code` holds one instruction per number: `arg * 8 + op`; a CHAR's arg is
 * `set * 2 + negated`. `sets` are sorted, disjoint, inclusive [lo, hi] code-unit pairs.
 */
export interface RegexProgram {
  code: number[];
  sets: number[][];
  /** Case-insensitive: sets are already folded for ASCII; non-ASCII input is folded here. */
  icase?: 1;
  /** Every match starts at offset 0, so a dead state ends the search. */
  anchored?: 1;
}

export const OP = { CHAR: 0, SPLIT: 1, JMP: 2, ASSERT: 3, MATCH: 4 } as const;

// A lazily built DFA of the Thompson NFA: a state is the set of instructions waiting
// for the next character plus what an assertion needs to know about the previous one.
// Each input character costs one cached table lookup, or, the first time a state meets
// a character class, one walk over at most the whole program. So a search takes at most
// (program size × text length) instruction visits whatever the regex: no backtracking.
interface State {
  kernel: Int32Array;
  atStart: boolean;
  prevWord: boolean;
  /** Next state per character class; filled on first use. */
  next: (State | undefined)[];
  /** Whether the text may end here: -1 not yet known. */
  end: number;
  /** In the cache: only such states may be remembered as a transition target. */
  kept: boolean;
}

/** Stops caching past this many states (summed kernel sizes); later states are built per character. */
const CACHE_BUDGET = 1 << 16;
const isWord = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

const MATCHED: State = { kernel: new Int32Array(0), atStart: false, prevWord: false, next: [], end: 1, kept: true };
const DEAD: State = { kernel: new Int32Array(0), atStart: false, prevWord: false, next: [], end: 0, kept: true };

export class RegexMachine {
  /** Instructions visited plus cached transitions taken, since creation: the cost measure tests bound. */
  steps = 0;
  private readonly code: Int32Array;
  private readonly icase: boolean;
  private readonly anchored: boolean;
  private readonly usesWord: boolean;
  private readonly sets: { ascii: Uint32Array; high: number[] }[];
  private readonly asciiClass = new Int32Array(128);
  private readonly highStarts: number[] = [];
  private readonly highClass: number[] = [];
  private readonly states = new Map<string, State>();
  private cached = 0;
  private readonly mark: Uint32Array;
  private gen = 0;
  private readonly stack: Int32Array;
  private readonly chars: Int32Array;
  private charCount = 0;
  private readonly initial: State;

  constructor(p: RegexProgram) {
    this.code = Int32Array.from(p.code);
    this.icase = p.icase === 1;
    this.anchored = p.anchored === 1;
    this.usesWord = p.code.some((ins) => (ins & 7) === OP.ASSERT && ins >>> 3 >= 2);
    this.sets = p.sets.map((r) => {
      const ascii = new Uint32Array(4);
      const high: number[] = [];
      for (let i = 0; i < r.length; i += 2) {
        for (let c = r[i]; c <= Math.min(r[i + 1], 127); c++) ascii[c >> 5] |= 1 << (c & 31);
        if (r[i + 1] > 127) high.push(Math.max(r[i], 128), r[i + 1]);
      }
      return { ascii, high };
    });
    const n = this.code.length;
    this.mark = new Uint32Array(n);
    this.stack = new Int32Array(3 * n + 2);
    this.chars = new Int32Array(n);
    this.buildClasses();
    this.initial = { kernel: new Int32Array(0), atStart: true, prevWord: false, next: [], end: -1, kept: true };
  }

  /** Whether the regex matches anywhere in `text`. */
  test(text: string): boolean {
    let st = this.initial;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const cls = this.classOf(c);
      let nx = cls >= 0 ? st.next[cls] : undefined;
      if (nx === undefined) {
        nx = this.advance(st, c);
        if (cls >= 0 && nx.kept) st.next[cls] = nx;
      } else this.steps++;
      if (nx === MATCHED) return true;
      if (nx === DEAD) return false;
      st = nx;
    }
    if (st.end < 0) st.end = this.closure(st, true, false) ? 1 : 0;
    return st.end === 1;
  }

  private has(set: number, c: number): boolean {
    const s = this.sets[set];
    if (c < 128) return (s.ascii[c >> 5] & (1 << (c & 31))) !== 0;
    const h = s.high;
    let lo = 0;
    let hi = (h.length >> 1) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (c < h[2 * mid]) hi = mid - 1;
      else if (c > h[2 * mid + 1]) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /**
   * Characters no set and no assertion tells apart share a class and so a cached
   * transition. Non-ASCII characters are grouped by the set boundaries above 127;
   * under `i` they are folded per character instead, so they are not cached.
   */
  private buildClasses(): void {
    const ids = new Map<string, number>();
    const classFor = (c: number) => {
      let sig = isWord(c) ? 'w' : '-';
      for (let s = 0; s < this.sets.length; s++) sig += this.has(s, c) ? '1' : '0';
      let id = ids.get(sig);
      if (id === undefined) ids.set(sig, (id = ids.size));
      return id;
    };
    for (let c = 0; c < 128; c++) this.asciiClass[c] = classFor(c);
    if (this.icase) return;
    const bounds = new Set([128]);
    for (const s of this.sets) {
      for (let i = 0; i < s.high.length; i += 2) {
        bounds.add(s.high[i]);
        if (s.high[i + 1] < 0xffff) bounds.add(s.high[i + 1] + 1);
      }
    }
    for (const b of [...bounds].sort((a, b) => a - b)) {
      this.highStarts.push(b);
      this.highClass.push(classFor(b));
    }
  }

  private classOf(c: number): number {
    if (c < 128) return this.asciiClass[c];
    const starts = this.highStarts;
    if (starts.length === 0) return -1;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= c) lo = mid;
      else hi = mid - 1;
    }
    return this.highClass[lo];
  }

  /**
   * Follows every non-consuming instruction from the state's kernel (and from the start,
   * since a match may begin at any offset), leaving the CHAR instructions reached in
   * `chars`. True when MATCH is reachable.
   */
  private closure(st: State, atEnd: boolean, nextWord: boolean): boolean {
    const { code, mark, stack, chars } = this;
    const gen = ++this.gen;
    let sp = 0;
    let n = 0;
    for (let i = st.kernel.length - 1; i >= 0; i--) stack[sp++] = st.kernel[i];
    if (!this.anchored || st.atStart) stack[sp++] = 0;
    while (sp > 0) {
      const pc = stack[--sp];
      if (mark[pc] === gen) continue;
      mark[pc] = gen;
      this.steps++;
      const ins = code[pc];
      const arg = ins >>> 3;
      switch (ins & 7) {
        case OP.CHAR:
          chars[n++] = pc;
          break;
        case OP.SPLIT:
          stack[sp++] = arg;
          stack[sp++] = pc + 1;
          break;
        case OP.JMP:
          stack[sp++] = arg;
          break;
        case OP.ASSERT: {
          const holds = arg === 0 ? st.atStart : arg === 1 ? atEnd : (st.prevWord !== nextWord) === (arg === 2);
          if (holds) stack[sp++] = pc + 1;
          break;
        }
        default:
          this.charCount = n;
          return true;
      }
    }
    this.charCount = n;
    return false;
  }

  private advance(st: State, c: number): State {
    const word = isWord(c);
    if (this.closure(st, false, word)) return MATCHED;
    let upper = -1;
    let lower = -1;
    if (this.icase && c > 127) {
      const s = String.fromCharCode(c);
      // JavaScript's canonical case never maps a non-ASCII character to an ASCII one.
      const u = s.toUpperCase();
      const l = s.toLowerCase();
      if (u.length === 1 && u.charCodeAt(0) > 127) upper = u.charCodeAt(0);
      if (l.length === 1 && l.charCodeAt(0) > 127) lower = l.charCodeAt(0);
    }
    const next: number[] = [];
    for (let i = 0; i < this.charCount; i++) {
      const pc = this.chars[i];
      const arg = this.code[pc] >>> 3;
      const set = arg >> 1;
      this.steps++;
      // Negation comes after case folding, as in JavaScript: /[^é]/i refuses É.
      const found = this.has(set, c) || (upper >= 0 && this.has(set, upper)) || (lower >= 0 && this.has(set, lower));
      if (found !== ((arg & 1) === 1)) next.push(pc + 1);
    }
    if (next.length === 0 && this.anchored) return DEAD;
    return this.stateFor(Int32Array.from(next).sort(), this.usesWord && word);
  }

  private stateFor(kernel: Int32Array, prevWord: boolean): State {
    const key = `${prevWord ? 'w' : ''}${kernel.join()}`;
    let st = this.states.get(key);
    if (st) return st;
    // Past the budget a state serves only the character that made it: still linear, just slower.
    const kept = this.cached + kernel.length + 1 <= CACHE_BUDGET;
    st = { kernel, atStart: false, prevWord, next: [], end: -1, kept };
    if (kept) {
      this.cached += kernel.length + 1;
      this.states.set(key, st);
    }
    return st;
  }
}
