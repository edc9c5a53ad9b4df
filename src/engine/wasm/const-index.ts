// One hash table over every constant the fingerprints care about, so the code walker and the
// data scanner pay a single multiply-and-probe per candidate word whatever the number of
// fingerprints. Built once per realm and shared by all analyses.

export const FLAG_CODE = 1;
export const FLAG_DATA = 2;
export const FLAG_MEMORY = 4;

const KIND_W32 = 1;
const KIND_W64 = 2;
const KIND_SEQ = 3;

/** Words this close to zero are everywhere in code; no fingerprint may rely on them. */
const SMALL = 0x1000;

const HASH_MUL = 0x9e3779b1;
/**
 * Bits of the membership filter probed before the hash chains for immediates. 2^18 bits is
 * 32 KiB, and with a few thousand keys nine probes in ten stop at one predictable branch.
 */
const FILTER_BITS = 18;
const FILTER_SHIFT = 32 - FILTER_BITS;
/**
 * Byte scans probe every offset of megabytes of data, so their filter is four times larger
 * (128 KiB, still cache-resident): a false positive costs a hash-chain walk, and on real
 * modules the smaller filter let one window in twenty through.
 */
const BYTES_FILTER_BITS = 20;
const BYTES_FILTER_SHIFT = 32 - BYTES_FILTER_BITS;

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

export interface ConstantGroup {
  name: string;
  members: number;
  /** First entry id of the group; entries of a group are contiguous. */
  first: number;
  end: number;
}

/** Entries in typed arrays filled in place: the index is built cold in every realm that analyses. */
interface Builder {
  n: number;
  keys: Int32Array; his: Int32Array; kinds: Uint8Array; members: Uint16Array; codeOnly: Uint8Array;
  /** By entry, for byte-sequence entries only. */
  seqs: (Uint8Array | undefined)[];
  groups: ConstantGroup[];
}

export interface ProbeTables {
  filter: Int32Array; head: Int32Array; next: Int32Array; nodeKey: Int32Array; nodeEntry: Int32Array;
  nodeSwapped: Uint8Array; his: Int32Array; kinds: Uint8Array; codeOnly: Uint8Array; shift: number; bytesFilter: Int32Array;
}

export class ConstantIndex {
  readonly groups: ConstantGroup[];
  readonly size: number;
  readonly member: Uint16Array;
  /** Per group: some member has more than one spelling (byte orders, letter case). */
  readonly multiSpelled: boolean[];
  // Hash nodes: every entry is filed under its key as read little-endian and, for numeric
  // entries, also under the byte-swapped key, so one little-endian probe per data offset
  // finds tables stored in either byte order.
  private readonly head: Int32Array;
  private readonly next: Int32Array;
  private readonly nodeKey: Int32Array;
  private readonly nodeEntry: Int32Array;
  private readonly nodeSwapped: Uint8Array;
  private readonly his: Int32Array;
  private readonly kinds: Uint8Array;
  private readonly seqs: (Uint8Array | undefined)[];
  private readonly shift: number;
  private readonly filter: Int32Array;
  /**
   * The filter for byte scans leaves out groups that only count as immediates: their
   * round numbers (0x10000, 0x40000 and byte swaps such as 0x100) fill every data segment.
   */
  private readonly bytesFilter: Int32Array;
  private readonly codeOnly: Uint8Array;

  constructor(b: Builder) {
    this.groups = b.groups;
    const n = b.n;
    this.size = n;
    this.his = b.his.subarray(0, n);
    this.kinds = b.kinds.subarray(0, n);
    this.member = b.members.subarray(0, n);
    // A member's spellings are filed one after another, so a repeat shows as two equal neighbours.
    this.multiSpelled = b.groups.map((grp) => {
      for (let i = grp.first + 1; i < grp.end; i++) if (b.members[i] === b.members[i - 1]) return true;
      return false;
    });
    this.seqs = b.seqs;
    this.codeOnly = b.codeOnly.subarray(0, n);
    // Typed arrays in locals, not pushes and `this.` lookups, keep the cold first call short.
    const keys = new Int32Array(2 * n);
    const entries = new Int32Array(2 * n);
    const swapped = new Uint8Array(2 * n);
    const bKeys = b.keys;
    const kinds = this.kinds;
    let nodes = 0;
    for (let i = 0; i < n; i++) {
      const key = bKeys[i];
      keys[nodes] = key; entries[nodes] = i; nodes++;
      const sw = bswap(key);
      if (kinds[i] !== KIND_SEQ && sw !== key) { keys[nodes] = sw; entries[nodes] = i; swapped[nodes] = 1; nodes++; }
    }
    let bits = 4;
    while (1 << bits < nodes * 2) bits++;
    const shift = 32 - bits;
    const head = new Int32Array(1 << bits);
    const next = new Int32Array(nodes);
    const filter = new Int32Array(1 << (FILTER_BITS - 5));
    const bytesFilter = new Int32Array(1 << (BYTES_FILTER_BITS - 5));
    const codeOnly = this.codeOnly;
    for (let i = 0; i < nodes; i++) {
      const hash = Math.imul(keys[i], HASH_MUL);
      const h = hash >>> shift;
      next[i] = head[h];
      head[h] = i + 1;
      const f = hash >>> FILTER_SHIFT;
      filter[f >>> 5] |= 1 << (f & 31);
      const bf = hash >>> BYTES_FILTER_SHIFT;
      if (!codeOnly[entries[i]]) bytesFilter[bf >>> 5] |= 1 << (bf & 31);
    }
    this.shift = shift;
    this.head = head;
    this.next = next;
    this.nodeKey = keys.subarray(0, nodes);
    this.nodeEntry = entries.subarray(0, nodes);
    this.nodeSwapped = swapped.subarray(0, nodes);
    this.filter = filter;
    this.bytesFilter = bytesFilter;
  }

  /** The probe tables as they are, for the native walker to copy into its memory. */
  probeTables(): ProbeTables {
    return { filter: this.filter, head: this.head, next: this.next, nodeKey: this.nodeKey, nodeEntry: this.nodeEntry,
      nodeSwapped: this.nodeSwapped, his: this.his, kinds: this.kinds, codeOnly: this.codeOnly, shift: this.shift,
      bytesFilter: this.bytesFilter };
  }

  /** The byte-scan window at `i` passed the filter elsewhere (the native scan): confirm it. */
  probeWindow(seen: Uint8Array, buf: Uint8Array, i: number, start: number, end: number, flag: number): void {
    this.probe(seen, buf, i, start, end, readLE(buf, i), flag);
  }

  /**
   * A 32-bit immediate or a 32-bit word of code. Returns 1 when it is a word of a table or
   * key (not one of the round numbers filed as code-only), so the walker can tell which
   * functions hold a hash's constants.
   */
  markWord(seen: Uint8Array, v: number, flag: number): number {
    if (((v + SMALL) >>> 0) < SMALL * 2) return 0;
    const hash = Math.imul(v, HASH_MUL);
    const f = hash >>> FILTER_SHIFT;
    if ((this.filter[f >>> 5] & (1 << (f & 31))) === 0) return 0;
    let found = 0;
    let e = this.head[hash >>> this.shift];
    while (e !== 0) {
      const i = e - 1;
      if (this.nodeKey[i] === v && this.nodeSwapped[i] === 0) {
        const j = this.nodeEntry[i];
        if (this.kinds[j] === KIND_W32) { seen[j] |= flag; found = 1 - this.codeOnly[j]; }
      }
      e = this.next[i];
    }
    return found;
  }

  /** A 64-bit immediate split into halves; a zero-extended 32-bit value also counts as that word. */
  markPair(seen: Uint8Array, lo: number, hi: number, flag: number): number {
    const hash = Math.imul(lo, HASH_MUL);
    const f = hash >>> FILTER_SHIFT;
    if ((this.filter[f >>> 5] & (1 << (f & 31))) === 0) return 0;
    let found = 0;
    let e = this.head[hash >>> this.shift];
    while (e !== 0) {
      const i = e - 1;
      if (this.nodeKey[i] === lo && this.nodeSwapped[i] === 0) {
        const j = this.nodeEntry[i];
        const k = this.kinds[j];
        if (k === KIND_W64 ? this.his[j] === hi : k === KIND_W32 && hi === 0) { seen[j] |= flag; found = 1 - this.codeOnly[j]; }
      }
      e = this.next[i];
    }
    return found;
  }

  /**
   * Every byte offset of `buf[start, end)`, because compilers align tables but an adversary
   * need not. Big-endian storage is found through the byte-swapped nodes.
   */
  scanBytes(seen: Uint8Array, buf: Uint8Array, start: number, end: number, flag: number): void {
    if (end - start < 4) return;
    // Aligned 32-bit loads give four windows per load instead of one byte per window; the
    // ends, and the rare big-endian host, take the byte-at-a-time path.
    // Plain arithmetic, not shifts: views into a large memory can sit past 2 GiB.
    const firstWord = Math.ceil((buf.byteOffset + start) / 4);
    const lastWord = Math.floor((buf.byteOffset + end) / 4) - 1;
    if (!LITTLE_ENDIAN || lastWord - firstWord < 2) {
      this.scanBytewise(seen, buf, start, end, start, end, flag);
      return;
    }
    const head = firstWord * 4 - buf.byteOffset;
    const tail = lastWord * 4 - buf.byteOffset;
    this.scanBytewise(seen, buf, start, head + 3, start, end, flag);
    const words = new Int32Array(buf.buffer, firstWord * 4, lastWord - firstWord + 1);
    const filter = this.bytesFilter;
    // Windows that read only zero bytes cannot match unless zero itself is filed.
    const zeroSkips = (filter[0] & 1) === 0;
    let w1 = words[0];
    for (let k = 0, i = head; i < tail; k++, i += 4) {
      const w0 = w1;
      w1 = words[k + 1];
      if (zeroSkips && (w0 | (w1 & 0xffffff)) === 0) continue;
      let f = Math.imul(w0, HASH_MUL) >>> BYTES_FILTER_SHIFT;
      if ((filter[f >>> 5] & (1 << (f & 31))) !== 0) this.probe(seen, buf, i, start, end, w0, flag);
      const a = (w0 >>> 8) | (w1 << 24);
      f = Math.imul(a, HASH_MUL) >>> BYTES_FILTER_SHIFT;
      if ((filter[f >>> 5] & (1 << (f & 31))) !== 0) this.probe(seen, buf, i + 1, start, end, a, flag);
      const b = (w0 >>> 16) | (w1 << 16);
      f = Math.imul(b, HASH_MUL) >>> BYTES_FILTER_SHIFT;
      if ((filter[f >>> 5] & (1 << (f & 31))) !== 0) this.probe(seen, buf, i + 2, start, end, b, flag);
      const c = (w0 >>> 24) | (w1 << 8);
      f = Math.imul(c, HASH_MUL) >>> BYTES_FILTER_SHIFT;
      if ((filter[f >>> 5] & (1 << (f & 31))) !== 0) this.probe(seen, buf, i + 3, start, end, c, flag);
    }
    this.scanBytewise(seen, buf, tail, end, start, end, flag);
  }

  /** Windows lying wholly in `[from, to)`; `start`/`end` bound what a match may read. */
  private scanBytewise(seen: Uint8Array, buf: Uint8Array, from: number, to: number, start: number, end: number, flag: number): void {
    if (to - from < 4) return;
    const filter = this.bytesFilter;
    let w = (buf[from] | (buf[from + 1] << 8) | (buf[from + 2] << 16)) << 8;
    for (let i = from; i + 3 < to; i++) {
      w = (w >>> 8) | (buf[i + 3] << 24);
      const f = Math.imul(w, HASH_MUL) >>> BYTES_FILTER_SHIFT;
      if ((filter[f >>> 5] & (1 << (f & 31))) !== 0) this.probe(seen, buf, i, start, end, w, flag);
    }
  }

  /** The window at `i` passed the filter: walk its hash chain. */
  private probe(seen: Uint8Array, buf: Uint8Array, i: number, start: number, end: number, w: number, flag: number): void {
    const { next, nodeKey } = this;
    let e = this.head[Math.imul(w, HASH_MUL) >>> this.shift];
    while (e !== 0) {
      if (nodeKey[e - 1] === w) this.confirm(seen, buf, i, start, end, e - 1, flag);
      e = next[e - 1];
    }
  }

  private confirm(seen: Uint8Array, buf: Uint8Array, i: number, start: number, end: number, node: number, flag: number): void {
    const j = this.nodeEntry[node];
    if (this.codeOnly[j]) return;
    const k = this.kinds[j];
    if (k === KIND_W32) seen[j] |= flag;
    else if (k === KIND_SEQ) {
      if (matchSeq(buf, i, end, this.seqs[j]!)) seen[j] |= flag;
    } else if (this.nodeSwapped[node] === 0) {
      if (i + 7 < end && readLE(buf, i + 4) === this.his[j]) seen[j] |= flag;
    } else if (i - 4 >= start && readLE(buf, i - 4) === bswap(this.his[j])) seen[j] |= flag;
  }
}

function bswap(v: number): number {
  return ((v >>> 24) | ((v >>> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24)) | 0;
}

function readLE(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
}

function matchSeq(buf: Uint8Array, i: number, end: number, seq: Uint8Array): boolean {
  if (i + seq.length > end) return false;
  for (let k = 4; k < seq.length; k++) if (buf[i + k] !== seq[k]) return false;
  return true;
}

export type Member =
  | { w32: number }
  | { lo: number; hi: number }
  | { seq: Uint8Array };

/** Collects groups of constants; each member may have several spellings (e.g. byte orders). */
export class ConstantIndexBuilder {
  private b: Builder = {
    n: 0, keys: new Int32Array(4096), his: new Int32Array(4096), kinds: new Uint8Array(4096),
    members: new Uint16Array(4096), codeOnly: new Uint8Array(4096), seqs: [], groups: [],
  };

  /** `codeOnly`: the group is looked for in immediates only, never in data or memory. */
  group(name: string, members: Member[][], opts?: { codeOnly?: boolean }): number {
    const first = this.b.n;
    const codeOnly = opts?.codeOnly ? 1 : 0;
    for (let m = 0; m < members.length; m++) for (const s of members[m]) this.add(s, m, codeOnly);
    return this.close(name, members.length, first);
  }

  /**
   * A group of 32-bit words, one spelling each: the same entries as `group` with `{ w32 }`
   * members, without an object per word (the tables run to thousands of words).
   */
  words(name: string, words: ArrayLike<number>, opts?: { codeOnly?: boolean }): number {
    const first = this.b.n;
    const codeOnly = opts?.codeOnly ? 1 : 0;
    for (let m = 0; m < words.length; m++) this.entry(words[m] | 0, 0, KIND_W32, m, codeOnly);
    return this.close(name, words.length, first);
  }

  private close(name: string, members: number, first: number): number {
    this.b.groups.push({ name, members, first, end: this.b.n });
    return this.b.groups.length - 1;
  }

  private add(s: Member, member: number, codeOnly: number): void {
    if ('w32' in s) this.entry(s.w32 | 0, 0, KIND_W32, member, codeOnly);
    else if ('seq' in s) this.entry(readLE(s.seq, 0), 0, KIND_SEQ, member, codeOnly, s.seq);
    else this.entry(s.lo | 0, s.hi | 0, KIND_W64, member, codeOnly);
  }

  private entry(key: number, hi: number, kind: number, member: number, codeOnly: number, seq?: Uint8Array): void {
    if (kind === KIND_W32 && ((key + SMALL) >>> 0) < SMALL * 2) return;
    const b = this.b;
    if (b.n === b.keys.length) this.grow();
    const i = b.n++;
    b.keys[i] = key; b.his[i] = hi; b.kinds[i] = kind; b.members[i] = member; b.codeOnly[i] = codeOnly;
    if (seq) b.seqs[i] = seq;
  }

  private grow(): void {
    const b = this.b;
    const size = b.keys.length * 2;
    const keys = new Int32Array(size);
    const his = new Int32Array(size);
    const kinds = new Uint8Array(size);
    const members = new Uint16Array(size);
    const codeOnly = new Uint8Array(size);
    keys.set(b.keys); his.set(b.his); kinds.set(b.kinds); members.set(b.members); codeOnly.set(b.codeOnly);
    b.keys = keys; b.his = his; b.kinds = kinds; b.members = members; b.codeOnly = codeOnly;
  }

  build(): ConstantIndex {
    return new ConstantIndex(this.b);
  }
}

export interface GroupTally { count: number; flags: number }

/** How many distinct members of a group were seen, and where (code/data/memory flags). */
export function tally(index: ConstantIndex, seen: Uint8Array, g: number): GroupTally {
  const grp = index.groups[g];
  let count = 0;
  let flags = 0;
  // Where each member has one spelling, entries are members and count directly; only
  // groups with several spellings per member need a record of members already counted.
  let counted: Uint8Array | undefined;
  for (let i = grp.first; i < grp.end; i++) {
    const f = seen[i];
    if (f === 0) continue;
    flags |= f;
    if (!index.multiSpelled[g]) { count++; continue; }
    counted ??= new Uint8Array(grp.members);
    const m = index.member[i];
    if (counted[m] === 0) count++;
    counted[m] = 1;
  }
  return { count, flags };
}

/** Where each member of a (small) group was seen, by member number. */
export function memberFlags(index: ConstantIndex, seen: Uint8Array, g: number): Uint8Array {
  const grp = index.groups[g];
  const out = new Uint8Array(grp.members);
  for (let i = grp.first; i < grp.end; i++) out[index.member[i]] |= seen[i];
  return out;
}
