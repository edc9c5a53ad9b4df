import type { StratumClassification } from './stratum';
import { CRYPTONOTE_METHODS, LOGIN_FIELDS, MINING_FIELDS, PROXY_TYPES, STRATUM_V1_METHODS } from './stratum-methods';

// Finds pool calls in text that is not one JSON object: several newline-delimited
// messages, a truncated frame, JSON behind a prefix, a frame too large to parse. Only
// `"key"` `:` `"value"` shapes count, never a bare word, so prose that mentions
// mining.subscribe is not a pool call. Every search resumes where the last stopped, and
// each question about a key is asked once per frame, so a frame costs a fixed number of
// linear passes however it is padded.

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

function skipSpace(t: string, i: number): number {
  while (i < t.length && isSpace(t.charCodeAt(i))) i++;
  return i;
}

/** Offset of the value after the next `"key":` at or after `from`; -1 when there is none. */
function valueAfter(t: string, key: string, from: number): number {
  const token = `"${key}"`;
  let at = t.indexOf(token, from);
  while (at >= 0) {
    const j = skipSpace(t, at + token.length);
    if (t.charCodeAt(j) === 58) return skipSpace(t, j + 1);
    // The whitespace just skipped cannot hold a token: resume after it.
    at = t.indexOf(token, Math.max(at + 1, j));
  }
  return -1;
}

const MAX_NAME = 40;

// First letters of every pool method and proxy type: other values are skipped unread.
const FIRST_LETTERS = new Set([...CRYPTONOTE_METHODS, ...STRATUM_V1_METHODS, ...PROXY_TYPES].map((n) => n.charCodeAt(0)));

/** The short unescaped string literal at `j` if it may be a pool name, or null. */
function nameAt(t: string, j: number): string | null {
  if (t.charCodeAt(j) !== 34 || !FIRST_LETTERS.has(t.charCodeAt(j + 1))) return null;
  const end = t.indexOf('"', j + 1);
  if (end < 0 || end - j - 1 > MAX_NAME) return null;
  const name = t.slice(j + 1, end);
  return name.includes('\\') ? null : name;
}

/** Every value of `"key": "<name>"` in the frame that `accept` takes, first one wins. */
function firstName(t: string, key: string, accept: (name: string) => boolean): string | null {
  for (let from = 0; ; ) {
    const j = valueAfter(t, key, from);
    if (j < 0) return null;
    const name = nameAt(t, j);
    if (name !== null && accept(name)) return name;
    from = j;
  }
}

export function poolTokenScan(t: string): StratumClassification | null {
  const keys = new Map<string, boolean>();
  const has = (k: string) => {
    let v = keys.get(k);
    if (v === undefined) keys.set(k, (v = valueAfter(t, k, 0) >= 0));
    return v;
  };
  const fields = () => MINING_FIELDS.filter(has);
  const note = t.length > 1 << 20 ? ` in a frame of ${t.length} chars` : ' outside a single JSON message';

  // One pass over the method values for both dialects.
  const method = firstName(t, 'method', (n) => STRATUM_V1_METHODS.has(n) || (CRYPTONOTE_METHODS.has(n) && (
    fields().length > 0 || (n === 'login' && LOGIN_FIELDS.some(has)) || ((n === 'keepalived' || n === 'getjob') && has('id'))
  )));
  if (method && STRATUM_V1_METHODS.has(method)) return { stratum: true, method, dialect: 'stratum-v1', reason: `stratum v1 call ${method}${note}` };
  if (method) return { stratum: true, method, dialect: 'cryptonote', reason: `CryptoNote pool call ${method}${note}` };

  if (has('result') && has('blob') && has('target')) {
    return { stratum: true, method: 'job', dialect: 'cryptonote', reason: `pool reply carrying a job (blob, target)${note}` };
  }
  const proxy = firstName(t, 'type', (n) => PROXY_TYPES.has(n) && fields().length > 0);
  if (proxy) return { stratum: true, method: proxy, dialect: 'web-proxy', reason: `web-miner proxy ${proxy} with ${fields().join(', ')}${note}` };
  return null;
}
