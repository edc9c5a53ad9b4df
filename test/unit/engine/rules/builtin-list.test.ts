import { describe, expect, it } from 'vitest';
import { builtinRuleList } from '../../../../src/engine/rules/builtin-list';
import { createPageMatcher } from '../../../../src/engine/rules/page-matcher';
import { compilePageRules } from '../../../../src/engine/rules/page-rules';
import { validateRuleList } from '../../../../src/engine/rules/validate';

const m = createPageMatcher(compilePageRules(builtinRuleList));

describe('builtinRuleList', () => {
  it('passes validation, including the RE2 and backtracking checks', () => {
    const { list, errors } = validateRuleList(builtinRuleList);
    expect(errors).toEqual([]);
    expect(list?.rules).toHaveLength(builtinRuleList.rules.length);
  });

  it.each([
    ['https://coinhive.com/lib/coinhive.min.js', 'builtin:coinhive-script'],
    ['https://authedmine.com/lib/authedmine.min.js', 'builtin:coinhive-script'],
    ['https://self-hosted.example/static/cryptonight.wasm', 'builtin:cryptonight-module'],
    ['https://self-hosted.example/w/cryptonight-worker.js', 'builtin:cryptonight-module'],
    ['https://self-hosted.example/cn.wasm', 'builtin:miner-wasm'],
    ['https://self-hosted.example/lib/deepMiner.min.js', 'builtin:deepminer'],
    ['https://www.coinimp.com/scripts/min.js', 'builtin:coinimp'],
    ['https://crypto-loot.com/lib/miner.min.js', 'builtin:cryptoloot'],
    ['https://webminepool.com/lib/base.js', 'builtin:webminepool'],
    ['https://example.net/js/miner.min.js?v=3', 'builtin:generic-miner-script'],
    ['https://example.net/js/webxmr.js', 'builtin:xmr-script'],
  ])('recognises %s', (url, id) => {
    expect(m.matchScriptUrl(url)?.ruleId).toBe(id);
  });

  it.each([
    'https://cdn.jsdelivr.net/npm/jquery@3/dist/jquery.min.js',
    'https://www.google.com/recaptcha/api.js',
    'https://example.org/js/minerals.js',
    'https://example.org/js/coinhive-review.html',
    'https://example.org/wasm/ffmpeg-core.wasm',
  ])('leaves ordinary script %s alone', (url) => {
    expect(m.matchScriptUrl(url)).toBeNull();
  });

  it('recognises stratum and Coinhive-proxy messages but not ordinary JSON-RPC', () => {
    expect(m.matchWsMessage('{"id":1,"jsonrpc":"2.0","method":"login","params":{"login":"4A...","pass":"x"}}')?.ruleId).toBe('builtin:stratum-login');
    expect(m.matchWsMessage('{"id":4,"method":"mining.submit","params":["w","j","n"]}')?.ruleId).toBe('builtin:stratum-submit');
    expect(m.matchWsMessage(`{"jsonrpc":"2.0","method":"job","params":{"blob":"${'0e'.repeat(76)}","job_id":"1","target":"b88d0600"}}`)?.ruleId).toBe('builtin:stratum-job');
    expect(m.matchWsMessage('{"type":"auth","params":{"site_key":"abc","type":"anonymous"}}')?.ruleId).toBe('builtin:coinhive-proxy-auth');
    expect(m.matchWsMessage('{"jsonrpc":"2.0","method":"eth_subscribe","params":["newHeads"]}')).toBeNull();
    expect(m.matchWsMessage('{"type":"chat","text":"login later"}')).toBeNull();
  });

  it('recognises the Coinhive API in script text', () => {
    expect(m.matchContent('var miner = new CoinHive.Anonymous("SITE_KEY", {throttle: 0.3});')?.ruleId).toBe('builtin:coinhive-api');
    expect(m.matchContent('console.log("hello")')).toBeNull();
  });
});
