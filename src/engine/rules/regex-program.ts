import { parseRegex, type RegexNode } from './regex-ast';
import { OP, type RegexProgram } from './regex-machine';
import { unionRanges, type Ranges } from './regex-ranges';

/**
 * Counted repetition copies its body (`x{0,32}` is 32 optional copies), so a short
 * regex can expand into a huge program. Every uncached step of the matcher may walk
 * the whole program, so this bounds the per-character cost of any rule.
 */
export const MAX_PROGRAM_SIZE = 4096;

export class RegexProgramError extends Error {}

const ASSERT_CODE = { start: 0, end: 1, word: 2, 'non-word': 3 } as const;

/**
 * Compiles a validated rule regex into a Thompson NFA program for the linear matcher
 * (regex-machine.ts). Runs in the background, so the page bundle carries neither the
 * parser nor this compiler. Throws RegexProgramError for what cannot run in linear time.
 */
export function compileRegexProgram(source: string, ignoreCase: boolean): RegexProgram {
  const code: number[] = [];
  const sets: Ranges[] = [];
  const setIndex = new Map<string, number>();

  const emit = (op: number, arg: number): number => {
    if (code.length >= MAX_PROGRAM_SIZE) {
      throw new RegexProgramError(`regex expands to more than ${MAX_PROGRAM_SIZE} matcher instructions (large {m,n} counts multiply); shorten the repetition counts`);
    }
    return code.push(arg * 8 + op) - 1;
  };
  const patch = (at: number, target: number) => {
    code[at] = target * 8 + (code[at] & 7);
  };

  // Keyed before folding, so a repeated literal is folded once; equal folded sets
  // reached from different spellings (`a`, `A`) still share one entry.
  const setOf = (ranges: Ranges): number => {
    const raw = ranges.join();
    let i = setIndex.get(raw);
    if (i !== undefined) return i;
    const folded = ignoreCase ? foldAscii(ranges) : ranges;
    const key = folded.join();
    i = setIndex.get(key);
    if (i === undefined) {
      i = sets.push(folded) - 1;
      setIndex.set(key, i);
    }
    setIndex.set(raw, i);
    return i;
  };

  const gen = (n: RegexNode): void => {
    switch (n.kind) {
      case 'char':
        if (n.ambiguous) throw new RegexProgramError(n.ambiguous);
        emit(OP.CHAR, n.negatedFrom ? setOf(n.negatedFrom) * 2 + 1 : setOf(n.ranges) * 2);
        return;
      case 'seq':
        n.items.forEach(gen);
        return;
      case 'group':
        gen(n.body);
        return;
      case 'alt': {
        const exits: number[] = [];
        n.branches.forEach((b, i) => {
          const last = i === n.branches.length - 1;
          const split = last ? -1 : emit(OP.SPLIT, 0);
          gen(b);
          if (!last) {
            exits.push(emit(OP.JMP, 0));
            patch(split, code.length);
          }
        });
        for (const j of exits) patch(j, code.length);
        return;
      }
      case 'repeat': {
        // Greedy and lazy compile alike: the matcher only answers whether a match exists.
        for (let i = 0; i < n.min; i++) gen(n.body);
        if (n.max === Infinity) {
          const loop = emit(OP.SPLIT, 0);
          gen(n.body);
          emit(OP.JMP, loop);
          patch(loop, code.length);
          return;
        }
        // x{0,3} = split E; x; split E; x; split E; x; E: skipping one copy skips the rest.
        const splits: number[] = [];
        for (let i = n.min; i < n.max; i++) {
          splits.push(emit(OP.SPLIT, 0));
          gen(n.body);
        }
        for (const s of splits) patch(s, code.length);
        return;
      }
      case 'assert':
        if (n.what === 'lookaround') throw new RegexProgramError('lookahead and lookbehind cannot run in linear time');
        emit(OP.ASSERT, ASSERT_CODE[n.what]);
        return;
      case 'backref':
        throw new RegexProgramError('back-references cannot run in linear time');
    }
  };

  const root = parseRegex(source);
  gen(root);
  emit(OP.MATCH, 0);
  const program: RegexProgram = { code, sets };
  if (ignoreCase) program.icase = 1;
  if (startsAnchored(root)) program.anchored = 1;
  return program;
}

/** ASCII letters match both cases under `i`; non-ASCII folding happens in the matcher. */
function foldAscii(ranges: Ranges): Ranges {
  let letters = false;
  for (let i = 0; i < ranges.length && !letters; i += 2) letters = ranges[i] <= 122 && ranges[i + 1] >= 65;
  if (!letters) return ranges;
  const has = (c: number) => {
    for (let i = 0; i < ranges.length; i += 2) if (c >= ranges[i] && c <= ranges[i + 1]) return true;
    return false;
  };
  const extra: Ranges = [];
  for (let c = 65; c <= 90; c++) if (has(c) || has(c + 32)) extra.push(c, c, c + 32, c + 32);
  return extra.length ? unionRanges(ranges, extra) : ranges;
}

function startsAnchored(n: RegexNode): boolean {
  if (n.kind === 'assert') return n.what === 'start';
  if (n.kind === 'group') return startsAnchored(n.body);
  if (n.kind === 'seq') return n.items.length > 0 && startsAnchored(n.items[0]);
  if (n.kind === 'alt') return n.branches.every(startsAnchored);
  return false;
}
