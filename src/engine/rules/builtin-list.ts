import type { RuleList } from '../types';

/**
 * Rules written for this project from public knowledge of browser miners: the
 * file names their loaders and Wasm modules were published under, and the shapes
 * of the JSON they speak to pools. Network-level host blocking comes from the
 * subscribed lists; these rules let the page hook recognise a miner that was
 * self-hosted under a fresh domain.
 */
export const builtinRuleList: RuleList = {
  format: 'miner-sentry-rules',
  version: 1,
  name: 'Miner Sentry built-in',
  description: 'Well-known browser-miner file names and pool protocol messages.',
  license: 'MIT',
  rules: [
    {
      id: 'builtin:coinhive-script',
      type: 'script-url',
      pattern: '/(coin-?hive|authedmine)(\\.min)?\\.js\\b',
      action: 'block',
      severity: 'high',
      description: 'Coinhive / AuthedMine loader script',
    },
    {
      id: 'builtin:cryptonight-module',
      type: 'script-url',
      pattern: '/cryptonight(-worker|-asmjs)?(\\.min)?\\.(wasm|js)\\b',
      action: 'block',
      severity: 'high',
      description: 'CryptoNight hashing module or worker',
    },
    {
      id: 'builtin:miner-wasm',
      type: 'script-url',
      pattern: '/(cn|crn|xmr|miner|mining|webminer)\\.wasm\\b',
      action: 'block',
      severity: 'high',
      description: 'WebAssembly module named after a miner',
    },
    {
      id: 'builtin:deepminer',
      type: 'script-url',
      pattern: '/deep-?miner(\\.min)?\\.js\\b',
      action: 'block',
      severity: 'high',
      description: 'deepMiner loader script',
    },
    {
      id: 'builtin:coinimp',
      type: 'script-url',
      pattern: '\\bcoinimp\\.(com|net)/',
      action: 'block',
      severity: 'high',
      description: 'CoinImp miner host',
    },
    {
      id: 'builtin:cryptoloot',
      type: 'script-url',
      pattern: '(/crypto-?loot(\\.min)?\\.js\\b|\\bcrypto-loot\\.(com|org)/|/crlt\\.js\\b)',
      action: 'block',
      severity: 'high',
      description: 'Crypto-Loot loader script or host',
    },
    {
      id: 'builtin:webminepool',
      type: 'script-url',
      pattern: '(\\bwebminepool\\.com/|/webminepool(\\.min)?\\.js\\b)',
      action: 'block',
      severity: 'high',
      description: 'WebMinePool loader script or host',
    },
    {
      id: 'builtin:generic-miner-script',
      type: 'script-url',
      pattern: '/(web|x|js)?miner(\\.min)?\\.js([?#]|$)',
      action: 'block',
      severity: 'medium',
      description: 'Script published as miner.js / miner.min.js',
    },
    {
      id: 'builtin:xmr-script',
      type: 'script-url',
      pattern: '/(web)?xmr(-monero)?(\\.min)?\\.js\\b',
      action: 'block',
      severity: 'medium',
      description: 'Monero (XMR) miner script',
    },
    {
      id: 'builtin:coinhive-api',
      type: 'content',
      pattern: '\\bCoinHive\\.(Anonymous|User|Token)\\s*\\(',
      action: 'report',
      severity: 'high',
      description: 'Script starts a Coinhive-API miner',
    },
    {
      id: 'builtin:coinimp-api',
      type: 'content',
      pattern: '\\bClient\\.Anonymous\\s*\\(\\s*[\'"][0-9a-f]{64}[\'"]',
      action: 'report',
      severity: 'medium',
      description: 'Script starts a CoinImp-style miner with a 64-hex site key',
    },
    {
      id: 'builtin:stratum-login',
      type: 'ws-message',
      pattern: '"method"\\s*:\\s*"(login|mining\\.subscribe|mining\\.authorize)"',
      action: 'block',
      severity: 'critical',
      description: 'Stratum pool login sent over a WebSocket',
    },
    {
      id: 'builtin:stratum-submit',
      type: 'ws-message',
      pattern: '"method"\\s*:\\s*"(submit|mining\\.submit)"',
      action: 'block',
      severity: 'critical',
      description: 'Stratum share submission sent over a WebSocket',
    },
    {
      id: 'builtin:stratum-job',
      type: 'ws-message',
      pattern: '"blob"\\s*:\\s*"[0-9a-fA-F]{100,}"',
      action: 'block',
      severity: 'critical',
      description: 'Pool job (hashing blob) received over a WebSocket',
    },
    {
      id: 'builtin:coinhive-proxy-auth',
      type: 'ws-message',
      pattern: '"type"\\s*:\\s*"(auth|submit)"\\s*,\\s*"params"\\s*:\\s*\\{[^}]*"(site_key|nonce)"',
      action: 'block',
      severity: 'critical',
      description: 'Coinhive-style proxy auth or share message',
    },
  ],
};
