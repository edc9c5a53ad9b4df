import { parseRegex, type RegexNode } from './regex-ast';

/**
 * Runs of literal text that every match of the regex must contain. Lower-cased
 * when the regex ignores case, so callers compare against lower-cased input.
 */
export function requiredLiterals(source: string, ignoreCase: boolean): string[] {
  const runs = runsOf(parseRegex(source));
  return ignoreCase ? runs.map((r) => r.toLowerCase()) : runs;
}

function runsOf(root: RegexNode): string[] {
  const runs: string[] = [];
  let current = '';
  const flush = () => {
    if (current) runs.push(current);
    current = '';
  };
  const walk = (n: RegexNode): void => {
    switch (n.kind) {
      case 'char':
        if (n.literal === null) flush();
        else current += n.literal;
        return;
      case 'seq':
        n.items.forEach(walk);
        return;
      case 'group':
        walk(n.body);
        return;
      case 'repeat':
        flush();
        // A required repeat guarantees its body's text, but not what sits next to it.
        if (n.min >= 1) {
          walk(n.body);
          flush();
        }
        return;
      case 'assert':
        // Zero-width: the text around it is still contiguous.
        return;
      default:
        // Alternatives and back-references promise no specific text.
        flush();
    }
  };
  walk(root);
  flush();
  return runs;
}

/**
 * Sets of literals of which every match contains at least one: each required run alone,
 * and for each alternation every match passes through, the longest run of each branch
 * (when every branch has one). Case-sensitive regexes only; [] when nothing is known,
 * which promises nothing.
 */
export function requiredChoices(source: string): string[][] {
  const root = parseRegex(source);
  const choices = runsOf(root).map((r) => [r]);
  const visit = (n: RegexNode): void => {
    switch (n.kind) {
      case 'seq':
        n.items.forEach(visit);
        return;
      case 'group':
        visit(n.body);
        return;
      case 'repeat':
        if (n.min >= 1) visit(n.body);
        return;
      case 'alt': {
        const picks = n.branches.map((b) => longestLiteral(runsOf(b)));
        if (picks.every((p) => p !== null)) choices.push([...new Set(picks as string[])]);
        return;
      }
      default:
    }
  };
  visit(root);
  return choices;
}

export function longestLiteral(runs: readonly string[]): string | null {
  let best: string | null = null;
  for (const r of runs) if (!best || r.length > best.length) best = r;
  return best;
}

const TOKEN_CHAR = /[a-z0-9]/;

/** Longest key kept for partial tokens; the index looks up this many characters at most. */
export const PARTIAL_TOKEN_KEY = 4;

/**
 * Where a token of a regex's literal must show up among the [a-z0-9]+ tokens of
 * any text it matches: as a whole token (bounded inside the literal by non-token
 * characters on both sides), at the start of one (bounded on the left only), or
 * at the end of one (right only).
 */
export interface IndexToken {
  text: string;
  at: 'whole' | 'start' | 'end';
}

/**
 * Picks the most selective token to index a URL regex by: whole tokens first,
 * then the longest partial one (cut to PARTIAL_TOKEN_KEY characters). Null when
 * the literal has no bounded token at all, e.g. a bare word.
 */
export function indexToken(lowerRuns: readonly string[]): IndexToken | null {
  let whole: string | null = null;
  let partial: IndexToken | null = null;
  for (const run of lowerRuns) {
    let start = -1;
    for (let i = 0; i <= run.length; i++) {
      const isTok = i < run.length && TOKEN_CHAR.test(run[i]);
      if (isTok && start < 0) start = i;
      if (isTok || start < 0) continue;
      const tok = run.slice(start, i);
      const left = start > 0;
      const right = i < run.length;
      if (left && right) {
        if (!whole || tok.length > whole.length) whole = tok;
      } else if (left || right) {
        const text = left ? tok.slice(0, PARTIAL_TOKEN_KEY) : tok.slice(-PARTIAL_TOKEN_KEY);
        if (!partial || text.length > partial.text.length) partial = { text, at: left ? 'start' : 'end' };
      }
      start = -1;
    }
  }
  return whole ? { text: whole, at: 'whole' } : partial;
}
