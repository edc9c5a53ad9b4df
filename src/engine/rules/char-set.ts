// Only overlap questions are asked of these sets, so ASCII is tracked exactly and every
// other code point is lumped into one "high" flag: a safe over-approximation.
export interface CharSet {
  ascii: Uint32Array;
  high: boolean;
}

export function emptySet(): CharSet {
  return { ascii: new Uint32Array(4), high: false };
}

export function fullSet(): CharSet {
  return { ascii: new Uint32Array([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]), high: true };
}

export function addRange(set: CharSet, from: number, to: number): CharSet {
  for (let c = from; c <= Math.min(to, 127); c++) set.ascii[c >> 5] |= 1 << (c & 31);
  if (to > 127) set.high = true;
  return set;
}

export function rangeSet(from: number, to: number): CharSet {
  return addRange(emptySet(), from, to);
}

export function union(a: CharSet, b: CharSet): CharSet {
  const out = emptySet();
  for (let i = 0; i < 4; i++) out.ascii[i] = a.ascii[i] | b.ascii[i];
  out.high = a.high || b.high;
  return out;
}

export function complement(a: CharSet): CharSet {
  const out = emptySet();
  for (let i = 0; i < 4; i++) out.ascii[i] = ~a.ascii[i] >>> 0;
  // The complement of a set of ASCII characters always contains non-ASCII ones.
  out.high = true;
  return out;
}

export function overlaps(a: CharSet, b: CharSet): boolean {
  for (let i = 0; i < 4; i++) if ((a.ascii[i] & b.ascii[i]) !== 0) return true;
  return a.high && b.high;
}

export function isEmpty(a: CharSet): boolean {
  return !a.high && a.ascii.every((w) => w === 0);
}

export function foldCase(a: CharSet): CharSet {
  const out = union(a, emptySet());
  for (let c = 65; c <= 90; c++) {
    const upper = (a.ascii[c >> 5] >>> (c & 31)) & 1;
    const lower = (a.ascii[(c + 32) >> 5] >>> ((c + 32) & 31)) & 1;
    if (upper || lower) {
      addRange(out, c, c);
      addRange(out, c + 32, c + 32);
    }
  }
  return out;
}

const DIGIT = rangeSet(48, 57);
const WORD = union(union(union(rangeSet(48, 57), rangeSet(65, 90)), rangeSet(97, 122)), rangeSet(95, 95));
// \s also covers Unicode spaces, hence the high flag.
const SPACE = { ...union(rangeSet(9, 13), rangeSet(32, 32)), high: true };

/** Sets for `\d \w \s` and their negations. */
export function classEscapeSet(letter: string): CharSet | null {
  switch (letter) {
    case 'd': return union(DIGIT, emptySet());
    case 'D': return complement(DIGIT);
    case 'w': return union(WORD, emptySet());
    case 'W': return complement(WORD);
    case 's': return union(SPACE, emptySet());
    case 'S': return complement(SPACE);
    default: return null;
  }
}
