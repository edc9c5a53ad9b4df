// The pool protocol vocabulary, shared by the JSON classifier and the token scan.

/** Classic CryptoNote pool protocol (xmrig, coinhive-era proxies). */
export const CRYPTONOTE_METHODS = new Set(['login', 'submit', 'job', 'keepalived', 'getjob']);
/** Bitcoin-style stratum v1. */
export const STRATUM_V1_METHODS = new Set([
  'mining.subscribe', 'mining.authorize', 'mining.submit', 'mining.notify', 'mining.set_difficulty',
  'mining.set_target', 'mining.extranonce.subscribe', 'mining.set_extranonce',
]);
/** Browser-miner web proxies wrap the same exchange as `{type, params}`. */
export const PROXY_TYPES = new Set(['auth', 'submit', 'job', 'authed', 'hash_accepted', 'verify']);
/** Fields that only mining messages carry; a generic `type: "submit"` must have them too. */
export const MINING_FIELDS = ['site_key', 'job_id', 'nonce', 'result', 'blob', 'target', 'hashes', 'seed_hash'];
/** Keys of a CryptoNote login's params. */
export const LOGIN_FIELDS = ['login', 'pass', 'agent'];
