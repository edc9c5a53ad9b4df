import { describe, expect, it } from 'vitest';
import { loadRuleList } from '../../../../src/engine/rules/load';
import { formatIssue, validateRuleList } from '../../../../src/engine/rules/validate';
import type { RuleList } from '../../../../src/engine/types';

const list = (rules: unknown[]): unknown => ({ format: 'miner-sentry-rules', version: 1, name: 't', rules });
const good = { id: 'ok', type: 'domain', pattern: 'coinhive.com', action: 'block', severity: 'high' };

function reasonsFor(rule: Record<string, unknown>): string[] {
  return validateRuleList(list([rule])).errors.map((e) => e.reason);
}

describe('validateRuleList', () => {
  it('accepts a well-formed list and keeps only known properties', () => {
    const { list: out, errors } = validateRuleList(list([good, { id: 'h', type: 'hash', algorithm: 'md5', pattern: 'D41D8CD98F00B204E9800998ECF8427E', action: 'report', severity: 'low' }]));
    expect(errors).toEqual([]);
    expect(out?.rules).toHaveLength(2);
    // Digests are stored lower-case so matching can ignore the case of the input.
    expect(out?.rules[1].pattern).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it.each([
    [{ ...good, type: 'regex' }, /unknown rule type "regex"/],
    [{ ...good, action: 'drop' }, /action must be one of block, report/],
    [{ ...good, severity: 'severe' }, /severity must be one of/],
    [{ ...good, id: '' }, /id must be a non-empty string/],
    [{ ...good, pattern: 'Coinhive.com' }, /host must be lower case/],
    [{ ...good, pattern: 'com' }, /at least two labels/],
    [{ ...good, pattern: 'bad_-.example..com' }, /invalid host label/],
    [{ ...good, pattern: 'münchen.de' }, /punycode/],
    [{ ...good, resourceTypes: ['script', 'scripts'] }, /unknown resource types: "scripts"/],
    [{ ...good, resourceType: ['script'] }, /unknown property "resourceType"/],
    [{ ...good, initiatorDomains: [] }, /initiatorDomains must be a non-empty array/],
    [{ id: 'h', type: 'hash', algorithm: 'sha256', pattern: 'abc', action: 'block', severity: 'high' }, /sha256 digest has 64 hex digits, got 3/],
    [{ id: 'h', type: 'hash', algorithm: 'sha1', pattern: 'z'.repeat(40), action: 'block', severity: 'high' }, /must be hexadecimal/],
    [{ id: 'h', type: 'hash', algorithm: 'crc32', pattern: '00000000', action: 'block', severity: 'high' }, /algorithm must be one of/],
    [{ id: 'r', type: 'url', pattern: 'a(?!b)', action: 'block', severity: 'high' }, /RE2 cannot run this regex/],
    [{ id: 'r', type: 'content', pattern: '(a)\\1', action: 'block', severity: 'high' }, /RE2 cannot run/],
    [{ id: 'r', type: 'script-url', pattern: '[a-z', action: 'block', severity: 'high' }, /not a valid JavaScript regex/],
    [{ id: 'r', type: 'ws-message', pattern: '(\\w+\\s?)*$', action: 'block', severity: 'high' }, /backtrack catastrophically/],
    [{ id: 'r', type: 'content', pattern: 'x'.repeat(1025), action: 'block', severity: 'high' }, /longer than 1024 characters/],
    [{ id: 'r', type: 'url', pattern: 'mïner', action: 'block', severity: 'high' }, /must be ASCII/],
    [{ id: 'a', type: 'allow', pattern: 'example.com', scope: 'page', action: 'report', severity: 'low' }, /scope must be "request" or "site"/],
  ])('rejects %j', (rule, expected) => {
    const reasons = reasonsFor(rule);
    expect(reasons.some((r) => expected.test(r)), reasons.join('\n')).toBe(true);
  });

  it('rejects duplicate ids', () => {
    const { list: out, errors } = validateRuleList(list([good, { ...good, pattern: 'other.com' }]));
    expect(out).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ruleId: 'ok', reason: 'duplicate rule id "ok"' });
  });

  it('rejects a bad header even in partial mode', () => {
    const { list: out, errors } = validateRuleList({ format: 'other', version: 2, name: '', rules: [good] }, { partial: true });
    expect(out).toBeNull();
    expect(errors.map((e) => e.reason)).toEqual([
      'format must be "miner-sentry-rules", got "other"',
      'unsupported version 2 (this build reads version 1)',
      'name must be a non-empty string',
    ]);
  });

  it('rejects the whole list by default but keeps valid rules with partial', () => {
    const input = list([good, { ...good, id: 'bad', severity: 'x' }, { ...good, id: 'ok2', pattern: 'b.example' }]);
    expect(validateRuleList(input).list).toBeNull();
    const partial = validateRuleList(input, { partial: true });
    expect(partial.list?.rules.map((r) => r.id)).toEqual(['ok', 'ok2']);
    expect(partial.errors).toHaveLength(1);
    expect(partial.errors[0].ruleId).toBe('bad');
  });

  it('names rules by index when neither line nor id is known', () => {
    const { errors } = validateRuleList(list([good, { type: 'domain' }]));
    expect(errors[0].reason).toMatch(/^rules\[1\]: id must be/);
  });
});

describe('loadRuleList with native JSON', () => {
  const text = [
    '{',
    '  "format": "miner-sentry-rules", "version": 1, "name": "demo",',
    '  "rules": [',
    '    { "id": "a", "type": "domain", "pattern": "coinhive.com", "action": "block", "severity": "high" },',
    '    {',
    '      "id": "b", "type": "url", "pattern": "(a+)+$",',
    '      "action": "block", "severity": "high"',
    '    },',
    '    { "id": "c", "type": "hash", "algorithm": "sha1",',
    '      "pattern": "abcd", "action": "block", "severity": "high" }',
    '  ]',
    '}',
  ].join('\n');

  it('reports the line where each bad rule object starts', () => {
    const res = loadRuleList(text);
    expect(res.format).toBe('native');
    expect(res.list).toBeNull();
    expect(res.errors.map((e) => [e.line, e.ruleId])).toEqual([[5, 'b'], [9, 'c']]);
    expect(formatIssue(res.errors[0])).toMatch(/^line 5, rule b: pattern: regex can backtrack catastrophically/);
  });

  it('reports line and column of a JSON syntax error', () => {
    const broken = '{\n  "format": "miner-sentry-rules",\n  "version": 1\n  "name": "x"\n}';
    const res = loadRuleList(broken);
    expect(res.list).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0].line).toBe(4);
    expect(res.errors[0].reason).toMatch(/^invalid JSON at line 4, column 3/);
  });

  it('keeps valid rules with partial: true', () => {
    const res = loadRuleList(text, { partial: true });
    expect(res.list?.rules.map((r) => r.id)).toEqual(['a']);
    expect(res.errors).toHaveLength(2);
  });

  it('round-trips a valid list unchanged', () => {
    const valid: RuleList = { format: 'miner-sentry-rules', version: 1, name: 'n', description: 'd', rules: [good as RuleList['rules'][number]] };
    expect(loadRuleList(JSON.stringify(valid, null, 2)).list).toEqual(valid);
  });
});
