// Pool traffic is small JSON-RPC; anything large or not JSON-looking is rejected before
// parsing so a page streaming megabyte frames costs nothing.
const MAX_FRAME = 16 * 1024;

export interface StratumClassification { stratum: boolean; method?: string; dialect?: string; reason: string }

/** Classic CryptoNote pool protocol (xmrig, coinhive-era proxies). */
const CRYPTONOTE_METHODS = new Set(['login', 'submit', 'job', 'keepalived', 'getjob']);
/** Bitcoin-style stratum v1. */
const STRATUM_V1_METHODS = new Set([
  'mining.subscribe', 'mining.authorize', 'mining.submit', 'mining.notify', 'mining.set_difficulty',
  'mining.set_target', 'mining.extranonce.subscribe', 'mining.set_extranonce',
]);
/** Browser-miner web proxies wrap the same exchange as `{type, params}`. */
const PROXY_TYPES = new Set(['auth', 'submit', 'job', 'authed', 'hash_accepted', 'verify']);
/** Fields that only mining messages carry; a generic `type: "submit"` must have them too. */
const MINING_FIELDS = ['site_key', 'job_id', 'nonce', 'result', 'blob', 'target', 'hashes', 'seed_hash'];

const no = (reason: string): StratumClassification => ({ stratum: false, reason });

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function miningFields(o: unknown): string[] {
  return isObject(o) ? MINING_FIELDS.filter((k) => k in o) : [];
}

export function classifyWsMessage(data: string): StratumClassification {
  if (data.length > MAX_FRAME) return no(`frame of ${data.length} chars is larger than any pool message`);
  const s = data.trim();
  if (s[0] !== '{' || s[s.length - 1] !== '}') return no('not a JSON object');
  if (!/"(method|type|params|result|id)"/.test(s)) return no('no JSON-RPC or typed-message keys');
  let msg: unknown;
  try {
    msg = JSON.parse(s);
  } catch {
    return no('not valid JSON');
  }
  if (!isObject(msg)) return no('not a JSON object');

  const method = typeof msg.method === 'string' ? msg.method : undefined;
  if (method && STRATUM_V1_METHODS.has(method)) {
    return { stratum: true, method, dialect: 'stratum-v1', reason: `stratum v1 call ${method}` };
  }
  if (method && CRYPTONOTE_METHODS.has(method)) {
    const params = msg.params;
    const fields = miningFields(params);
    const loginShape = method === 'login' && isObject(params) && ('login' in params || 'pass' in params || 'agent' in params);
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
