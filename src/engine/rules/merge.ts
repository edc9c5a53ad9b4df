import type { Rule, RuleList } from '../types';
import { idPrefix } from './import-types';

/**
 * Combines lists (bundled, subscriptions, policy rules) into one. Ids stay as they
 * are unless an earlier list already used them; then the later rule's id is
 * prefixed with its list name (and numbered if even that is taken), so hits
 * still say where a rule came from.
 */
export function mergeRuleLists(lists: readonly RuleList[]): RuleList {
  const used = new Set<string>();
  const rules: Rule[] = [];
  for (const list of lists) {
    for (const rule of list.rules) {
      let id = rule.id;
      if (used.has(id)) {
        const base = `${idPrefix(list.name)}/${rule.id}`;
        id = base;
        for (let n = 2; used.has(id); n++) id = `${base}#${n}`;
      }
      used.add(id);
      rules.push(id === rule.id ? rule : { ...rule, id });
    }
  }
  return { format: 'miner-sentry-rules', version: 1, name: lists.map((l) => l.name).join(' + ') || 'merged', rules };
}
