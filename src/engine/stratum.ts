import { CRYPTONOTE_METHODS, LOGIN_FIELDS, MINING_FIELDS, PROXY_TYPES, STRATUM_V1_METHODS } from './stratum-methods';
import { poolTokenScan } from './stratum-scan';

/**
 * Frames up to this size are parsed as JSON; any larger frame is still searched for pool
 * calls by a linear, allocation-free token scan (stratum-scan.ts), so padding a login
 * with megabytes of whitespace or filler does not hide it. No pool message comes near
 * this size; the cap only bounds what JSON.parse may allocate.
 */
export const MAX_PARSED_FRAME = 4 * 1024 * 1024;

// Captured at load, before page scripts run: a page that replaces JSON.parse must not
// be able to make every frame look unparseable.
const parseJson = JSON.parse;

export interface StratumClassification { stratum: boolean; method?: string; dialect?: string; reason: string }

const no = (reason: string): StratumClassification => ({ stratum: false, reason });

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function miningFields(o: unknown): string[] {
  return isObject(o) ? MINING_FIELDS.filter((k) => k in o) : [];
}

/**
 * A text frame of any size. Whole JSON objects are judged by their structure; anything
 * else (several newline-delimited messages, a truncated or oversized frame, JSON wrapped
 * in other text) by the keyed pool calls it contains.
 */
export function classifyWsMessage(data: string): StratumClassification {
  if (data.length <= MAX_PARSED_FRAME) {
    const s = data.trim();
    if (s[0] === '{' && s[s.length - 1] === '}') {
      let msg: unknown;
      try {
        msg = parseJson(s);
      } catch {
        msg = undefined;
      }
      if (isObject(msg)) return classifyObject(msg);
    }
  }
  return poolTokenScan(data) ?? no(data.length > MAX_PARSED_FRAME ? `frame of ${data.length} chars without pool calls` : 'no pool calls');
}

function classifyObject(msg: Record<string, unknown>): StratumClassification {
  const method = typeof msg.method === 'string' ? msg.method : undefined;
  if (method && STRATUM_V1_METHODS.has(method)) {
    return { stratum: true, method, dialect: 'stratum-v1', reason: `stratum v1 call ${method}` };
  }
  if (method && CRYPTONOTE_METHODS.has(method)) {
    const params = msg.params;
    const fields = miningFields(params);
    const loginShape = method === 'login' && isObject(params) && LOGIN_FIELDS.some((k) => k in params);
    const paramless = (method === 'keepalived' || method === 'getjob') && 'id' in msg;
    if (fields.length > 0 || loginShape || paramless) {
      return { stratum: true, method, dialect: 'cryptonote', reason: `CryptoNote pool call ${method}${fields.length ? ` with ${fields.join(', ')}` : ''}` };
    }
    return no(`method ${method} without pool fields`);
  }
  // Pool replies: a login result or pushed job carries a blob and target.
  if (!method && isObject(msg.result)) {
    const fields = miningFields(msg.result.job ?? msg.result);
    if (fields.includes('blob') && fields.includes('target')) {
      return { stratum: true, method: 'job', dialect: 'cryptonote', reason: 'pool reply carrying a job (blob, target)' };
    }
  }
  const type = typeof msg.type === 'string' ? msg.type : undefined;
  if (type && PROXY_TYPES.has(type)) {
    const fields = miningFields(msg.params);
    if (fields.length > 0) {
      return { stratum: true, method: type, dialect: 'web-proxy', reason: `web-miner proxy ${type} with ${fields.join(', ')}` };
    }
    return no(`type ${type} without mining fields`);
  }
  return no('JSON without pool methods');
}
