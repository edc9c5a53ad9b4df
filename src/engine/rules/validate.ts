import type { ListIssue, Rule, RuleList } from '../types';
import { ruleElementLines } from './json-positions';
import { checkRule } from './validate-rule';

export interface ValidateOptions {
  /** Keep the valid rules of a list that has invalid ones (errors are still reported). */
  partial?: boolean;
  /** The JSON text `value` was parsed from; lets errors name source lines. */
  sourceText?: string;
}

const LIST_KEYS = ['format', 'version', 'name', 'description', 'homepage', 'license', 'updated', 'rules'];

export function validateRuleList(value: unknown, opts: ValidateOptions = {}): { list: RuleList | null; errors: ListIssue[] } {
  const errors: ListIssue[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { list: null, errors: [{ reason: 'a rule list must be a JSON object' }] };
  }
  const raw = value as Record<string, unknown>;
  if (raw.format !== 'miner-sentry-rules') errors.push({ reason: `format must be "miner-sentry-rules", got ${JSON.stringify(raw.format)}` });
  if (raw.version !== 1) errors.push({ reason: `unsupported version ${JSON.stringify(raw.version)} (this build reads version 1)` });
  if (typeof raw.name !== 'string' || raw.name.trim() === '') errors.push({ reason: 'name must be a non-empty string' });
  for (const key of ['description', 'homepage', 'license', 'updated']) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string') errors.push({ reason: `${key} must be a string` });
  }
  for (const key of Object.keys(raw)) {
    if (!LIST_KEYS.includes(key)) errors.push({ reason: `unknown list property "${key}"` });
  }
  if (!Array.isArray(raw.rules)) {
    errors.push({ reason: 'rules must be an array' });
    return { list: null, errors };
  }
  // A broken header means the text is probably not a rule list at all: never partial.
  const headerBroken = errors.length > 0;

  const lines = opts.sourceText !== undefined ? ruleElementLines(opts.sourceText) : [];
  const seen = new Set<string>();
  const rules: Rule[] = [];
  raw.rules.forEach((candidate, index) => {
    const line = lines[index];
    const rawId = (candidate as { id?: unknown } | null)?.id;
    const ruleId = typeof rawId === 'string' ? rawId : undefined;
    const issue = (reason: string): ListIssue => ({
      ...(line !== undefined ? { line } : {}),
      ...(ruleId !== undefined ? { ruleId } : {}),
      reason: line === undefined && ruleId === undefined ? `rules[${index}]: ${reason}` : reason,
    });
    const { rule, problems } = checkRule(candidate);
    for (const p of problems) errors.push(issue(p));
    if (ruleId !== undefined) {
      if (seen.has(ruleId)) {
        errors.push(issue(`duplicate rule id "${ruleId}"`));
        return;
      }
      seen.add(ruleId);
    }
    if (rule) rules.push(rule);
  });

  if (headerBroken || (errors.length > 0 && !opts.partial)) return { list: null, errors };
  const list: RuleList = { format: 'miner-sentry-rules', version: 1, name: raw.name as string, rules };
  for (const key of ['description', 'homepage', 'license', 'updated'] as const) {
    if (typeof raw[key] === 'string') list[key] = raw[key] as string;
  }
  return { list, errors };
}

/** One line a person can read, e.g. `line 12 (rule coinhive-js): pattern: ...`. */
export function formatIssue(issue: ListIssue): string {
  const where = [issue.line !== undefined ? `line ${issue.line}` : '', issue.ruleId !== undefined ? `rule ${issue.ruleId}` : '']
    .filter(Boolean)
    .join(', ');
  return where ? `${where}: ${issue.reason}` : issue.reason;
}
