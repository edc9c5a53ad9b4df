import type { PageRegex } from './page-rules';
import type { IndexToken } from './regex-literals';
import { RegexMachine } from './regex-machine';

export interface IndexedRegex {
  entry: PageRegex;
  /** Built on first use: most regexes of a big list are never reached by the token index. */
  machine: RegexMachine | null;
  /** Call stamp, so a regex reached through two keys runs once per call. */
  stamp: number;
}

/**
 * Rule regexes run only on the linear matcher, never on the browser's backtracking
 * engine. An entry without a program (the background could not compile it, which
 * validation prevents) never matches.
 */
export function testRegex(item: { entry: PageRegex; machine: RegexMachine | null }, text: string): boolean {
  const program = item.entry.program;
  if (!program) return false;
  item.machine ??= new RegexMachine(program);
  return item.machine.test(text);
}

const isTokenChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

// Buckets are keyed by a hash of the token rather than the token itself, so the
// scan allocates no substrings; collisions only add candidates, which the
// literal and regex checks then reject.
type Buckets = Map<number, IndexedRegex[]>;

const HASH_SEED = 0x811c9dc5;
const step = (h: number, c: number) => Math.imul(h ^ c, 0x01000193);
// Kept within V8's small-integer range so Map lookups stay on the fast path.
const finish = (h: number) => h & 0x3fffffff;

function hashRange(s: string, from: number, to: number): number {
  let h = HASH_SEED;
  for (let i = from; i < to; i++) h = step(h, s.charCodeAt(i));
  return finish(h);
}

/**
 * Regexes over URLs, looked up by the [a-z0-9]+ tokens of the (lower-cased) URL:
 * a regex is only tried when its index token occurs there whole, or as the start
 * or end of a token. With ~1k regexes this costs a few dozen map lookups per URL
 * instead of a thousand `includes` calls.
 */
export class RegexIndex {
  private readonly buckets: Record<IndexToken['at'], Buckets> = { whole: new Map(), start: new Map(), end: new Map() };
  /** Distinct key lengths in the partial maps, so lookups try only those. */
  private readonly partialLengths: Record<'start' | 'end', number[]> = { start: [], end: [] };
  private readonly unindexed: IndexedRegex[] = [];
  private stamp = 0;
  readonly size: number;

  constructor(entries: readonly PageRegex[]) {
    for (const entry of entries) {
      const item: IndexedRegex = { entry, machine: null, stamp: 0 };
      const token = entry.token;
      if (!token) {
        this.unindexed.push(item);
        continue;
      }
      const map = this.buckets[token.at];
      const key = hashRange(token.text, 0, token.text.length);
      const bucket = map.get(key);
      if (bucket) bucket.push(item);
      else map.set(key, [item]);
      if (token.at !== 'whole' && !this.partialLengths[token.at].includes(token.text.length)) {
        this.partialLengths[token.at].push(token.text.length);
      }
    }
    this.size = entries.length;
  }

  /** First regex that matches `text` and passes `accept`; `lower` is `text` lower-cased. */
  find(text: string, lower: string, accept: (r: IndexedRegex) => boolean): IndexedRegex | null {
    const stamp = ++this.stamp;
    const unindexed = this.unindexed;
    for (let k = 0; k < unindexed.length; k++) {
      if (tryItem(unindexed[k], text, lower, accept)) return unindexed[k];
    }
    if (this.size === this.unindexed.length) return null;
    const { whole, start: starts, end: ends } = this.buckets;
    const startLengths = this.partialLengths.start;
    const endLengths = this.partialLengths.end;
    const n = lower.length;
    let i = 0;
    while (i < n) {
      if (!isTokenChar(lower.charCodeAt(i))) {
        i++;
        continue;
      }
      const tokenStart = i;
      let h = HASH_SEED;
      while (i < n) {
        const c = lower.charCodeAt(i);
        if (!isTokenChar(c)) break;
        h = step(h, c);
        i++;
      }
      const len = i - tokenStart;
      let found = this.tryBucket(whole.get(finish(h)), stamp, text, lower, accept);
      for (let k = 0; !found && k < startLengths.length; k++) {
        const m = startLengths[k];
        if (m <= len) found = this.tryBucket(starts.get(hashRange(lower, tokenStart, tokenStart + m)), stamp, text, lower, accept);
      }
      for (let k = 0; !found && k < endLengths.length; k++) {
        const m = endLengths[k];
        if (m <= len) found = this.tryBucket(ends.get(hashRange(lower, i - m, i)), stamp, text, lower, accept);
      }
      if (found) return found;
    }
    return null;
  }

  private tryBucket(
    bucket: IndexedRegex[] | undefined,
    stamp: number,
    text: string,
    lower: string,
    accept: (r: IndexedRegex) => boolean,
  ): IndexedRegex | null {
    if (!bucket) return null;
    for (const item of bucket) {
      if (item.stamp === stamp) continue;
      item.stamp = stamp;
      if (tryItem(item, text, lower, accept)) return item;
    }
    return null;
  }
}

function tryItem(item: IndexedRegex, text: string, lower: string, accept: (r: IndexedRegex) => boolean): boolean {
  const { literal, flags } = item.entry;
  if (literal !== null && !(flags.includes('i') ? lower : text).includes(literal)) return false;
  return testRegex(item, text) && accept(item);
}
