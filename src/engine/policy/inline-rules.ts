import type { RuleList } from '../types';
import { formatIssue, validateRuleList } from '../rules/index';

/**
 * Rules written straight into the policy: a native rule list, or just its `rules`
 * array. Invalid rules are reported and left out, the valid ones still apply, since
 * one typo should not cost an organisation all of its own rules.
 */
export function parseInlineRules(raw: unknown, label: string, errors: string[]): RuleList | undefined {
  const value = Array.isArray(raw)
    ? { format: 'miner-sentry-rules', version: 1, name: 'Organisation rules (policy)', rules: raw }
    : raw;
  if (typeof value !== 'object' || value === null) {
    errors.push(`${label}: must be a rule list object or an array of rules`);
    return undefined;
  }
  const { list, errors: issues } = validateRuleList(value, { partial: true });
  for (const issue of issues) errors.push(`${label}: ${formatIssue(issue)}`);
  return list ?? undefined;
}
