// A frame that spells out none of the words a pool call needs cannot be one. Busy sockets
// (market ticks, chat, game state) carry hundreds of such frames a second, and classifying
// each on the page's main thread costs far more than these few substring searches.
import { CRYPTONOTE_METHODS, MINING_FIELDS, PROXY_TYPES, STRATUM_V1_METHODS } from './stratum-methods';

/** `text.indexOf(token)`, by a function the caller trusts (the page can replace String.prototype.indexOf). */
export type FindIn = (text: string, token: string) => number;

// Spread at load, before page scripts run; read afterwards only by index.
const METHOD_NAMES: readonly string[] = [...STRATUM_V1_METHODS, ...CRYPTONOTE_METHODS];
const PROXY_NAMES: readonly string[] = [...PROXY_TYPES];
const FIELD_NAMES: readonly string[] = [...MINING_FIELDS];

function anyOf(text: string, tokens: readonly string[], find: FindIn): boolean {
  for (let i = 0; i < tokens.length; i++) if (find(text, tokens[i]!) >= 0) return true;
  return false;
}

/**
 * False only when classifyWsMessage cannot call `text` a pool call: each of its paths, JSON
 * or token scan, needs these keys and names written out in the frame (a method name after
 * `method`; `result` with `blob` and `target`; a proxy `type` with a mining field), or a
 * backslash, whose JSON escapes could spell any of them. True means "classify it".
 */
export function mayBePoolCall(text: string, find: FindIn): boolean {
  if (find(text, '\\') >= 0) return true;
  if (find(text, 'method') >= 0 && anyOf(text, METHOD_NAMES, find)) return true;
  if (find(text, 'result') >= 0 && find(text, 'blob') >= 0 && find(text, 'target') >= 0) return true;
  return find(text, 'type') >= 0 && anyOf(text, PROXY_NAMES, find) && anyOf(text, FIELD_NAMES, find);
}
