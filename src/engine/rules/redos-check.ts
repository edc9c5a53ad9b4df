import { emptySet, foldCase, isEmpty, overlaps, union, type CharSet } from './char-set';
import { parseRegex, RegexParseError, type RegexNode } from './regex-ast';
import { toCharSet } from './regex-ranges';

/**
 * Static check for regexes that a backtracking engine (V8's Irregexp, which runs
 * them in the page) could take exponential or high-polynomial time on. The check
 * is deliberately conservative: it may refuse a harmless regex, never the reverse
 * for the shapes it knows (nested ambiguous loops, ambiguous alternation inside a
 * loop, adjacent overlapping unbounded loops followed by something that can fail).
 */

interface Firsts {
  /** Characters a match of the node can start with. */
  all: CharSet;
  /** The subset of `all` consumed by an unbounded loop. */
  loop: CharSet;
}

// Bounded repeats this large behave like unbounded ones for backtracking cost.
const LOOP_LIKE_MAX = 32;

const isLoopLike = (n: RegexNode): boolean => n.kind === 'repeat' && n.max > LOOP_LIKE_MAX;
const repeats = (n: RegexNode): boolean => n.kind === 'repeat' && n.max > 1;

export function findBacktrackingHazard(source: string, flags = ''): string | null {
  let root: RegexNode;
  try {
    root = parseRegex(source);
  } catch (e) {
    if (e instanceof RegexParseError) return `cannot be analysed for backtracking safety: ${e.message}`;
    throw e;
  }
  return new Analyser(flags.includes('i')).run(root);
}

class Analyser {
  private readonly firstMemo = new Map<RegexNode, Firsts>();
  private readonly nullMemo = new Map<RegexNode, boolean>();
  private hazard: string | null = null;

  constructor(private readonly ignoreCase: boolean) {}

  run(root: RegexNode): string | null {
    this.visit(root, { all: emptySet(), loop: emptySet() }, false, 0);
    return this.hazard;
  }

  private nullable(n: RegexNode): boolean {
    let v = this.nullMemo.get(n);
    if (v !== undefined) return v;
    switch (n.kind) {
      case 'char': v = false; break;
      case 'assert':
      case 'backref': v = true; break;
      case 'seq': v = n.items.every((i) => this.nullable(i)); break;
      case 'alt': v = n.branches.some((b) => this.nullable(b)); break;
      case 'group': v = this.nullable(n.body); break;
      case 'repeat': v = n.min === 0 || this.nullable(n.body); break;
    }
    this.nullMemo.set(n, v);
    return v;
  }

  private first(n: RegexNode): Firsts {
    const memo = this.firstMemo.get(n);
    if (memo) return memo;
    let out: Firsts = { all: emptySet(), loop: emptySet() };
    switch (n.kind) {
      case 'char':
        const set = toCharSet(n.ranges);
        out = { all: this.ignoreCase ? foldCase(set) : set, loop: emptySet() };
        break;
      case 'seq':
        for (const item of n.items) {
          out = merge(out, this.first(item));
          if (!this.nullable(item)) break;
        }
        break;
      case 'alt':
        for (const b of n.branches) out = merge(out, this.first(b));
        break;
      case 'group':
        out = this.first(n.body);
        break;
      case 'repeat': {
        const body = this.first(n.body);
        out = isLoopLike(n) ? { all: body.all, loop: body.all } : body;
        break;
      }
      default:
        break;
    }
    this.firstMemo.set(n, out);
    return out;
  }

  private canFail(n: RegexNode): boolean {
    if (n.kind === 'assert') return true;
    if (n.kind === 'seq') return n.items.some((i) => this.canFail(i));
    if (n.kind === 'alt') return n.branches.every((b) => this.canFail(b));
    if (n.kind === 'group') return this.canFail(n.body);
    return !this.nullable(n);
  }

  /**
   * `follow` is what can come right after `n`; `tailCanFail` whether anything after
   * `n` (ignoring unbounded loops, which always take what they get) can fail;
   * `loopDepth` how many repeating groups enclose `n`.
   */
  private visit(n: RegexNode, follow: Firsts, tailCanFail: boolean, loopDepth: number): void {
    if (this.hazard) return;
    switch (n.kind) {
      case 'backref':
        this.hazard = 'back-references are not allowed';
        return;
      case 'seq': {
        let f = follow;
        let fails = tailCanFail;
        for (let i = n.items.length - 1; i >= 0; i--) {
          const item = n.items[i];
          this.visit(item, f, fails, loopDepth);
          const fi = this.first(item);
          f = this.nullable(item) ? merge(fi, f) : fi;
          if (!isLoopLike(item) && this.canFail(item)) fails = true;
        }
        return;
      }
      case 'alt':
        if (loopDepth > 0) this.checkAlternation(n.branches);
        for (const b of n.branches) this.visit(b, follow, tailCanFail, loopDepth);
        return;
      case 'group':
        this.visit(n.body, follow, tailCanFail, loopDepth);
        return;
      case 'repeat': {
        const body = this.first(n.body).all;
        if (repeats(n)) {
          if (loopDepth > 0 && overlaps(body, follow.all)) {
            this.hazard = 'nested quantifiers: a repeated part inside a repeated group can match the same text in many ways (e.g. `(a+)+`)';
            return;
          }
          if (isLoopLike(n) && tailCanFail && overlaps(body, follow.loop)) {
            this.hazard = 'adjacent unbounded quantifiers over overlapping characters followed by something that can fail (e.g. `\\d+\\d+x`)';
            return;
          }
        }
        const inner = repeats(n) ? merge(this.first(n.body), follow) : follow;
        this.visit(n.body, inner, tailCanFail || repeats(n), loopDepth + (repeats(n) ? 1 : 0));
        return;
      }
      default:
        return;
    }
  }

  private checkAlternation(branches: RegexNode[]): void {
    for (let i = 0; i < branches.length && !this.hazard; i++) {
      for (let j = i + 1; j < branches.length; j++) {
        const a = this.first(branches[i]).all;
        const b = this.first(branches[j]).all;
        if (!isEmpty(a) && overlaps(a, b)) {
          this.hazard = 'alternation inside a repeated group has branches that can start with the same character (e.g. `(a|ab)*`)';
          return;
        }
      }
    }
  }
}

function merge(a: Firsts, b: Firsts): Firsts {
  return { all: union(a.all, b.all), loop: union(a.loop, b.loop) };
}
