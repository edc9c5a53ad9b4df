import { formatIssue, loadRuleList } from '../../engine/rules/index';

export interface RulesCheck {
  ok: boolean;
  format: 'native' | 'abp' | 'hosts';
  ruleCount: number;
  skipped: number;
  /** Exceptions (`allow` / `@@` rules): they rank below the bundled and the organisation's lists. */
  allowRules: number;
  /** Problems, each naming its line where known. */
  issues: { line?: number; message: string }[];
}

/** Validates the editor's text exactly as the background will load it. */
export function checkRules(text: string): RulesCheck {
  if (text.trim() === '') return { ok: true, format: 'native', ruleCount: 0, skipped: 0, allowRules: 0, issues: [] };
  const loaded = loadRuleList(text, { name: 'My rules' });
  return {
    ok: loaded.errors.length === 0 && loaded.list !== null,
    format: loaded.format,
    ruleCount: loaded.list?.rules.length ?? 0,
    skipped: loaded.skipped.length,
    allowRules: loaded.list?.rules.filter((r) => r.type === 'allow').length ?? 0,
    issues: loaded.errors.map((e) => ({ line: e.line, message: formatIssue(e) })),
  };
}
