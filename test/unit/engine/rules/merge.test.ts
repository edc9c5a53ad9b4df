import { describe, expect, it } from 'vitest';
import { mergeRuleLists } from '../../../../src/engine/rules/merge';
import { validateRuleList } from '../../../../src/engine/rules/validate';
import type { Rule, RuleList } from '../../../../src/engine/types';

const rule = (id: string, pattern: string): Rule => ({ id, type: 'domain', pattern, action: 'block', severity: 'high' });
const list = (name: string, rules: Rule[]): RuleList => ({ format: 'miner-sentry-rules', version: 1, name, rules });

describe('mergeRuleLists', () => {
  it('keeps ids unique by prefixing later collisions with their list name', () => {
    const merged = mergeRuleLists([
      list('Bundled', [rule('r1', 'a.example'), rule('r2', 'b.example')]),
      list('My Subscription', [rule('r1', 'c.example'), rule('r3', 'd.example')]),
      list('My Subscription', [rule('r1', 'e.example')]),
    ]);
    expect(merged.rules.map((r) => [r.id, r.pattern])).toEqual([
      ['r1', 'a.example'],
      ['r2', 'b.example'],
      ['My-Subscription/r1', 'c.example'],
      ['r3', 'd.example'],
      ['My-Subscription/r1#2', 'e.example'],
    ]);
    expect(merged.name).toBe('Bundled + My Subscription + My Subscription');
    expect(validateRuleList(merged).errors).toEqual([]);
  });
});
