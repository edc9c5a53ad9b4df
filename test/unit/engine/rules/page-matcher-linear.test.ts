import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPageMatcher } from '../../../../src/engine/rules/page-matcher';
import { compilePageRules } from '../../../../src/engine/rules/page-rules';
import { regexProblem } from '../../../../src/engine/rules/regex-check';
import { checkRule } from '../../../../src/engine/rules/validate-rule';
import type { Rule, RuleType } from '../../../../src/engine/types';

// Issue 9, attack 6: a regex that passes validation yet backtracks for minutes in V8.
const ATTACK = 'k[^;]{0,32}[^;]{0,32}[^;]{0,32}[^;]{0,32}X';
const rule = (type: RuleType, pattern = ATTACK) =>
  checkRule({ id: `r-${type}`, type, action: 'block', severity: 'high', pattern }).rule as Rule;

const matcherFor = (rules: Rule[]) =>
  createPageMatcher(JSON.parse(JSON.stringify(compilePageRules({ format: 'miner-sentry-rules', version: 1, name: 't', rules }))));

afterEach(() => vi.restoreAllMocks());

/** Fails the test at the first call into the backtracking engine, instead of hanging in it. */
function forbidNativeRegex(): void {
  const refuse = () => {
    throw new Error('a rule regex reached the native RegExp engine');
  };
  vi.spyOn(RegExp.prototype, 'test').mockImplementation(refuse);
  vi.spyOn(RegExp.prototype, 'exec').mockImplementation(refuse);
}

describe('rule regexes never run on the backtracking engine', () => {
  it('the attack regex is a valid rule of every regex type', () => {
    for (const type of ['url', 'script-url', 'content', 'ws-message'] as const) expect(rule(type)).not.toBeNull();
  });

  it('script contents, socket frames and URLs of ~1 MB with both literals are judged by the linear matcher', () => {
    const m = matcherFor([rule('content'), rule('ws-message'), rule('url'), rule('script-url')]);
    const hostile = `${'k'.repeat(1 << 20)};X`;
    forbidNativeRegex();
    expect(m.matchContent(hostile)).toBeNull();
    expect(m.matchWsMessage(hostile)).toBeNull();
    expect(m.matchUrl(`https://a.example/${hostile}`)).toBeNull();
    expect(m.matchScriptUrl(`https://a.example/${hostile}`)).toBeNull();
    expect(m.matchContent(`${'k'.repeat(1 << 20)}X`)?.ruleId).toBe('r-content');
    expect(m.matchWsMessage('kX')?.ruleId).toBe('r-ws-message');
    expect(m.matchScriptUrl('https://a.example/k.X')?.ruleId).toBe('r-script-url');
  });
});

describe('validation refuses regexes the linear matcher cannot run', () => {
  it.each([
    ['[^;]{0,999}[^;]{0,999}[^;]{0,999}', /linear matcher cannot run this regex: regex expands to more than 4096/],
    ['\\p{L}x', /linear matcher cannot run this regex: \\p means/],
    ['(a)\\1', /RE2 cannot run|back-references/],
    ['a(?=b)', /RE2 cannot run|lookahead/],
  ])('%s', (source, why) => {
    expect(regexProblem(source, '', false)).toMatch(why);
  });
});
