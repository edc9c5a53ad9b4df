import { describe, expect, it } from 'vitest';
import { compilePageRules } from '../../../src/engine/rules/page-rules';
import { createPageMatcher } from '../../../src/engine/rules/page-matcher';
import { hashBytes } from '../../../src/engine/hash';
import { matchScriptRules } from '../../../src/page/script-vet';
import type { Rule, RuleList } from '../../../src/engine/types';

const script = 'function mix(a){ return Math.imul(a ^ (a >>> 15), 0x2c1b3c6d); }';
const bytes = new TextEncoder().encode(script);
const list = (rules: Rule[]): RuleList => ({ format: 'miner-sentry-rules', version: 1, name: 't', rules });
const matcher = (rules: Rule[]) => createPageMatcher(compilePageRules(list(rules)));

describe('matchScriptRules', () => {
  it('blocks on a content rule and carries the SHA-256 as evidence', () => {
    const m = matcher([{ id: 'c1', type: 'content', pattern: '0x2c1b3c6d', action: 'block', severity: 'high' }]);
    const res = matchScriptRules(m, bytes, script);
    expect(res?.hit.ruleId).toBe('c1');
    expect(res?.hashes.sha256).toBe(hashBytes(bytes, ['sha256']).sha256);
  });

  it('blocks on a hash indicator of the script bytes', () => {
    const { md5 } = hashBytes(bytes, ['md5']);
    const m = matcher([{ id: 'h1', type: 'hash', algorithm: 'md5', pattern: md5!, action: 'block', severity: 'high' }]);
    expect(matchScriptRules(m, bytes, script)?.hit.ruleId).toBe('h1');
  });

  it('prefers a blocking hash hit over a report-only content hit', () => {
    const { sha256 } = hashBytes(bytes, ['sha256']);
    const m = matcher([
      { id: 'c-report', type: 'content', pattern: 'Math\\.imul', action: 'report', severity: 'low' },
      { id: 'h-block', type: 'hash', algorithm: 'sha256', pattern: sha256!, action: 'block', severity: 'high' },
    ]);
    expect(matchScriptRules(m, bytes, script)?.hit.ruleId).toBe('h-block');
  });

  it('returns nothing for a script no rule names', () => {
    const m = matcher([{ id: 'c1', type: 'content', pattern: 'CoinHive\\.Anonymous', action: 'block', severity: 'high' }]);
    expect(matchScriptRules(m, bytes, script)).toBeNull();
  });
});
