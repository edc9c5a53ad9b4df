import { addRange, emptySet, type CharSet } from './char-set';

/**
 * Exact sets of UTF-16 code units as sorted, disjoint, inclusive [lo, hi] pairs
 * flattened into one array. JavaScript regexes without the `u` flag match code
 * units, so this is what the linear matcher needs; the backtracking analysis
 * only wants the coarser CharSet, derived from it.
 */
export type Ranges = number[];

export const MAX_UNIT = 0xffff;

export function single(lo: number, hi = lo): Ranges {
  return [lo, hi];
}

export function unionRanges(a: Ranges, b: Ranges): Ranges {
  const pairs: [number, number][] = [];
  for (const r of [a, b]) for (let i = 0; i < r.length; i += 2) pairs.push([r[i], r[i + 1]]);
  pairs.sort((x, y) => x[0] - y[0]);
  const out: Ranges = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    // Adjacent ranges merge too, so equal sets always have one spelling (set dedupe relies on it).
    if (last > 0 && lo <= out[last] + 1) out[last] = Math.max(out[last], hi);
    else out.push(lo, hi);
  }
  return out;
}

export function negateRanges(a: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i] > next) out.push(next, a[i] - 1);
    next = a[i + 1] + 1;
  }
  if (next <= MAX_UNIT) out.push(next, MAX_UNIT);
  return out;
}

export function toCharSet(r: Ranges): CharSet {
  const set = emptySet();
  for (let i = 0; i < r.length; i += 2) addRange(set, r[i], r[i + 1]);
  return set;
}

const DIGIT: Ranges = [48, 57];
export const WORD: Ranges = [48, 57, 65, 90, 95, 95, 97, 122];
// ECMAScript WhiteSpace and LineTerminator code units, which is what `\s` means in JavaScript.
const SPACE: Ranges = [9, 13, 32, 32, 160, 160, 5760, 5760, 8192, 8202, 8232, 8233, 8239, 8239, 8287, 8287, 12288, 12288, 65279, 65279];
// `.` without the `s` flag: anything but a line terminator.
export const DOT: Ranges = negateRanges([10, 10, 13, 13, 8232, 8233]);

/** Ranges for `\d \w \s` and their negations. */
export function classEscapeRanges(letter: string): Ranges | null {
  switch (letter) {
    case 'd': return DIGIT;
    case 'D': return negateRanges(DIGIT);
    case 'w': return WORD;
    case 'W': return negateRanges(WORD);
    case 's': return SPACE;
    case 'S': return negateRanges(SPACE);
    default: return null;
  }
}
