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
 * Bits of the membership filter probed before the hash chains. 2^18 bits is 32 KiB, small
 * enough to stay in L1 while a multi-megabyte data segment streams past, and with a few
 * thousand keys nine probes in ten stop at one predictable, untaken branch.
 */
const FILTER_BITS = 18;
const FILTER_SHIFT = 32 - FILTER_BITS;

export interface ConstantGroup {
  name: string;
  members: number;
  /** First entry id of the group; entries of a group are contiguous. */
  first: number;
  end: number;
}

interface Builder {
  keys: number[]; his: number[]; kinds: number[]; members: number[]; seqs: (Uint8Array | undefined)[];
  groups: ConstantGroup[];
}

export class ConstantIndex {
  readonly groups: ConstantGroup[];
  readonly size: number;
  readonly member: Uint16Array;
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

  constructor(b: Builder) {
    this.groups = b.groups;
    const n = b.keys.length;
    this.size = n;
    this.his = Int32Array.from(b.his);
    this.kinds = Uint8Array.from(b.kinds);
    this.member = Uint16Array.from(b.members);
    this.seqs = b.seqs;
    const keys: number[] = [];
    const entries: number[] = [];
    const swapped: number[] = [];
    for (let i = 0; i < n; i++) {
      keys.push(b.keys[i]); entries.push(i); swapped.push(0);
      const sw = bswap(b.keys[i]);
      if (b.kinds[i] !== KIND_SEQ && sw !== b.keys[i]) { keys.push(sw); entries.push(i); swapped.push(1); }
    }
    let bits = 4;
    while (1 << bits < keys.length * 2) bits++;
    this.shift = 32 - bits;
    this.head = new Int32Array(1 << bits);
    this.next = new Int32Array(keys.length);
    this.nodeKey = Int32Array.from(keys);
    this.nodeEntry = Int32Array.from(entries);
    this.nodeSwapped = Uint8Array.from(swapped);
    this.filter = new Int32Array(1 << (FILTER_BITS - 5));
    for (let i = 0; i < keys.length; i++) {
      const hash = Math.imul(keys[i], HASH_MUL);
      const h = hash >>> this.shift;
      this.next[i] = this.head[h];
      this.head[h] = i + 1;
      const f = hash >>> FILTER_SHIFT;
      this.filter[f >>> 5] |= 1 << (f & 31);
    }
  }

  /** A 32-bit immediate or a 32-bit word of code. */
  markWord(seen: Uint8Array, v: number, flag: number): void {
    if (((v + SMALL) >>> 0) < SMALL * 2) return;
    const hash = Math.imul(v, HASH_MUL);
    const f = hash >>> FILTER_SHIFT;
    if ((this.filter[f >>> 5] & (1 << (f & 31))) === 0) return;
    let e = this.head[hash >>> this.shift];
    while (e !== 0) {
      const i = e - 1;
      if (this.nodeKey[i] === v && this.nodeSwapped[i] === 0) {
        const j = this.nodeEntry[i];
        if (this.kinds[j] === KIND_W32) seen[j] |= flag;
      }
      e = this.next[i];
    }
  }

  /** A 64-bit immediate split into halves; a zero-extended 32-bit value also counts as that word. */
  markPair(seen: Uint8Array, lo: number, hi: number, flag: number): void {
    const hash = Math.imul(lo, HASH_MUL);
    const f = hash >>> FILTER_SHIFT;
    if ((this.filter[f >>> 5] & (1 << (f & 31))) === 0) return;
    let e = this.head[hash >>> this.shift];
    while (e !== 0) {
      const i = e - 1;
      if (this.nodeKey[i] === lo && this.nodeSwapped[i] === 0) {
        const j = this.nodeEntry[i];
        const k = this.kinds[j];
        if (k === KIND_W64 ? this.his[j] === hi : k === KIND_W32 && hi === 0) seen[j] |= flag;
      }
      e = this.next[i];
    }
  }

  /**
   * Every byte offset of `buf[start, end)`, because compilers align tables but an adversary
   * need not. Big-endian storage is found through the byte-swapped nodes.
   */
  scanBytes(seen: Uint8Array, buf: Uint8Array, start: number, end: number, flag: number): void {
    if (end - start < 4) return;
    const { head, next, nodeKey, shift, filter } = this;
    let w = (buf[start] | (buf[start + 1] << 8) | (buf[start + 2] << 16)) << 8;
    for (let i = start; i + 3 < end; i++) {
      w = (w >>> 8) | (buf[i + 3] << 24);
      const hash = Math.imul(w, HASH_MUL);
      const f = hash >>> FILTER_SHIFT;
      if ((filter[f >>> 5] & (1 << (f & 31))) === 0) continue;
      let e = head[hash >>> shift];
      while (e !== 0) {
        if (nodeKey[e - 1] === w) this.confirm(seen, buf, i, start, end, e - 1, flag);
        e = next[e - 1];
      }
    }
  }

  private confirm(seen: Uint8Array, buf: Uint8Array, i: number, start: number, end: number, node: number, flag: number): void {
    const j = this.nodeEntry[node];
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
  private b: Builder = { keys: [], his: [], kinds: [], members: [], seqs: [], groups: [] };

  group(name: string, members: Member[][]): number {
    const first = this.b.keys.length;
    members.forEach((spellings, m) => {
      for (const s of spellings) this.add(s, m);
    });
    this.b.groups.push({ name, members: members.length, first, end: this.b.keys.length });
    return this.b.groups.length - 1;
  }

  private add(s: Member, member: number): void {
    const b = this.b;
    if ('w32' in s) {
      if (((s.w32 + SMALL) >>> 0) < SMALL * 2) return;
      b.keys.push(s.w32 | 0); b.his.push(0); b.kinds.push(KIND_W32); b.seqs.push(undefined);
    } else if ('seq' in s) {
      b.keys.push(readLE(s.seq, 0)); b.his.push(0); b.kinds.push(KIND_SEQ); b.seqs.push(s.seq);
    } else {
      b.keys.push(s.lo | 0); b.his.push(s.hi | 0); b.kinds.push(KIND_W64); b.seqs.push(undefined);
    }
    b.members.push(member);
  }

  build(): ConstantIndex {
    return new ConstantIndex(this.b);
  }
}

export interface GroupTally { count: number; flags: number; seenMembers: Uint8Array }

/** How many distinct members of a group were seen, and where (code/data/memory flags). */
export function tally(index: ConstantIndex, seen: Uint8Array, g: number): GroupTally {
  const grp = index.groups[g];
  const seenMembers = new Uint8Array(grp.members);
  let count = 0;
  let flags = 0;
  for (let i = grp.first; i < grp.end; i++) {
    const f = seen[i];
    if (f === 0) continue;
    flags |= f;
    const m = index.member[i];
    if (seenMembers[m] === 0) count++;
    seenMembers[m] |= f;
  }
  return { count, flags, seenMembers };
}
