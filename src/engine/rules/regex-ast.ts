import { classEscapeRanges, DOT, MAX_UNIT, negateRanges, single, unionRanges, type Ranges } from './regex-ranges';

/**
 * A structural view of a JavaScript regex, just detailed enough to reason about
 * backtracking and required literals, and exact enough (code-unit ranges, kinds
 * of assertion) to compile into the linear matcher's program.
 */
export type AssertKind = 'start' | 'end' | 'word' | 'non-word' | 'lookaround';

export type RegexNode =
  /**
   * `negatedFrom` keeps a negated class's members: under `i` JavaScript folds the members
   * before negating, so the matcher needs them, not only the complement in `ranges`.
   */
  | { kind: 'char'; ranges: Ranges; literal: string | null; negatedFrom?: Ranges; ambiguous?: string }
  | { kind: 'seq'; items: RegexNode[] }
  | { kind: 'alt'; branches: RegexNode[] }
  | { kind: 'group'; body: RegexNode }
  | { kind: 'repeat'; body: RegexNode; min: number; max: number }
  | { kind: 'assert'; what: AssertKind }
  | { kind: 'backref' };

export class RegexParseError extends Error {}

export function parseRegex(source: string): RegexNode {
  let pos = 0;

  const fail = (why: string): never => {
    throw new RegexParseError(`${why} at offset ${pos}`);
  };

  const literalChar = (ch: string): RegexNode => {
    const code = ch.charCodeAt(0);
    return { kind: 'char', ranges: single(code), literal: ch };
  };

  const readHex = (digits: number): number | null => {
    const hex = source.slice(pos, pos + digits);
    if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) return null;
    pos += digits;
    return parseInt(hex, 16);
  };

  // Shared by atoms and class members; `inClass` changes the meaning of \b.
  const readEscape = (inClass: boolean): RegexNode => {
    const ch = source[pos++];
    if (ch === undefined) fail('trailing backslash');
    const cls = classEscapeRanges(ch);
    if (cls) return { kind: 'char', ranges: cls, literal: null };
    switch (ch) {
      case 'b':
        return inClass ? literalChar('\b') : { kind: 'assert', what: 'word' };
      case 'B':
        if (inClass) fail('\\B inside a class');
        return { kind: 'assert', what: 'non-word' };
      case 'n': return literalChar('\n');
      case 'r': return literalChar('\r');
      case 't': return literalChar('\t');
      case 'f': return literalChar('\f');
      case 'v': return literalChar('\v');
      case '0': return literalChar('\0');
      case 'x': {
        const code = readHex(2);
        return code === null ? literalChar('x') : literalChar(String.fromCharCode(code));
      }
      case 'u': {
        const code = readHex(4);
        return code === null ? literalChar('u') : literalChar(String.fromCharCode(code));
      }
      case 'c': {
        const letter = source[pos];
        if (letter && /[a-zA-Z]/.test(letter)) {
          pos++;
          return literalChar(String.fromCharCode(letter.charCodeAt(0) % 32));
        }
        return literalChar('\\');
      }
      case 'p':
      case 'P':
        if (source[pos] === '{') {
          const end = source.indexOf('}', pos);
          if (end < 0) fail('unterminated \\p{...}');
          pos = end + 1;
        }
        // RE2 reads a Unicode property class, JavaScript without `u` the letters `p{...}`.
        return { kind: 'char', ranges: [0, MAX_UNIT], literal: null, ambiguous: '\\p means a Unicode class in RE2 but the letter p in JavaScript' };
      case 'k':
        if (!inClass && source[pos] === '<') {
          const end = source.indexOf('>', pos);
          if (end < 0) fail('unterminated \\k<...>');
          pos = end + 1;
          return { kind: 'backref' };
        }
        return literalChar('k');
      default:
        if (!inClass && ch >= '1' && ch <= '9') {
          while (pos < source.length && /[0-9]/.test(source[pos])) pos++;
          return { kind: 'backref' };
        }
        return literalChar(ch);
    }
  };

  const parseClass = (): RegexNode => {
    const negated = source[pos] === '^';
    if (negated) pos++;
    let set: Ranges = [];
    while (pos < source.length && source[pos] !== ']') {
      const lo = readClassAtom();
      if (source[pos] === '-' && source[pos + 1] !== undefined && source[pos + 1] !== ']') {
        pos++;
        const hi = readClassAtom();
        if (lo.literal === null || hi.literal === null) {
          // `[\d-z]` is a legal Annex B class meaning `\d`, `-` and `z`.
          set = unionRanges(unionRanges(unionRanges(set, lo.ranges), hi.ranges), single(45));
          continue;
        }
        const a = lo.literal.charCodeAt(0);
        const b = hi.literal.charCodeAt(0);
        if (a > b) fail('range out of order in character class');
        set = unionRanges(set, single(a, b));
        continue;
      }
      set = unionRanges(set, lo.ranges);
    }
    if (source[pos] !== ']') fail('missing ]');
    pos++;
    return negated ? { kind: 'char', ranges: negateRanges(set), literal: null, negatedFrom: set } : { kind: 'char', ranges: set, literal: null };
  };

  const readClassAtom = (): { ranges: Ranges; literal: string | null } => {
    const ch = source[pos++];
    if (ch === '\\') {
      const node = readEscape(true);
      if (node.kind !== 'char') fail('invalid escape in class');
      return node as { ranges: Ranges; literal: string | null };
    }
    const code = ch.charCodeAt(0);
    return { ranges: single(code), literal: ch };
  };

  const parseAtom = (): RegexNode => {
    const ch = source[pos++];
    switch (ch) {
      case '.': return { kind: 'char', ranges: DOT, literal: null };
      case '^': return { kind: 'assert', what: 'start' };
      case '$': return { kind: 'assert', what: 'end' };
      case '\\': return readEscape(false);
      case '[': return parseClass();
      case '(': {
        let lookaround = false;
        if (source[pos] === '?') {
          const head = source.slice(pos, pos + 4);
          if (head.startsWith('?:')) pos += 2;
          else if (head.startsWith('?=') || head.startsWith('?!')) { pos += 2; lookaround = true; }
          else if (head.startsWith('?<=') || head.startsWith('?<!')) { pos += 3; lookaround = true; }
          else if (head.startsWith('?<')) {
            const end = source.indexOf('>', pos);
            if (end < 0) fail('unterminated group name');
            pos = end + 1;
          } else fail('unsupported group syntax');
        }
        const body = parseAlternation();
        if (source[pos] !== ')') fail('missing )');
        pos++;
        return lookaround ? { kind: 'assert', what: 'lookaround' } : { kind: 'group', body };
      }
      case ')':
        return fail('unmatched )');
      case '*':
      case '+':
      case '?':
        return fail('nothing to repeat');
      default:
        return literalChar(ch);
    }
  };

  // Returns null when `{` does not start a valid quantifier (then it is a literal).
  const readBraces = (): { min: number; max: number } | null => {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(pos));
    if (!m) return null;
    pos += m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (max < min) fail('numbers out of order in {} quantifier');
    return { min, max };
  };

  const parseQuantified = (): RegexNode => {
    const atom = parseAtom();
    const ch = source[pos];
    let bounds: { min: number; max: number } | null = null;
    if (ch === '*') { pos++; bounds = { min: 0, max: Infinity }; }
    else if (ch === '+') { pos++; bounds = { min: 1, max: Infinity }; }
    else if (ch === '?') { pos++; bounds = { min: 0, max: 1 }; }
    else if (ch === '{') bounds = readBraces();
    if (!bounds) return atom;
    // Lookarounds are quantifiable in Annex B JS but RE2 refuses them anyway.
    if (atom.kind === 'assert') fail('nothing to repeat');
    if (source[pos] === '?') pos++;
    if (/^([*+?]|\{\d+(,\d*)?\})/.test(source.slice(pos))) fail('nothing to repeat');
    return { kind: 'repeat', body: atom, ...bounds };
  };

  const parseSequence = (): RegexNode => {
    const items: RegexNode[] = [];
    while (pos < source.length && source[pos] !== '|' && source[pos] !== ')') {
      if (source[pos] === '{' && readBraces() !== null) fail('nothing to repeat');
      items.push(parseQuantified());
    }
    return items.length === 1 ? items[0] : { kind: 'seq', items };
  };

  const parseAlternation = (): RegexNode => {
    const branches = [parseSequence()];
    while (source[pos] === '|') {
      pos++;
      branches.push(parseSequence());
    }
    return branches.length === 1 ? branches[0] : { kind: 'alt', branches };
  };

  const root = parseAlternation();
  if (pos < source.length) fail('unmatched )');
  return root;
}
