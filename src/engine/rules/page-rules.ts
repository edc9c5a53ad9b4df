import type { HashAlgorithm, ResourceType, Rule, RuleAction, RuleList, RuleType, Severity } from '../types';
import { regexFlagsFor } from './regex-flags';
import { indexToken, longestLiteral, requiredChoices, requiredLiterals, type IndexToken } from './regex-literals';
import type { RegexProgram } from './regex-machine';
import { compileRegexProgram } from './regex-program';

/**
 * What the page hook needs from a rule list, as plain JSON (it travels from the
 * background to the page as a string). Everything costly to derive — literal
 * prefilters, index tokens — is computed here, in the background, so the page
 * bundle carries no regex analysis code.
 */
export interface PageRules {
  version: 1;
  /** Shared per-rule data; 100k domain rules typically share a handful. */
  templates: PageRuleTemplate[];
  /** Parallel arrays, one entry per domain rule. Descriptions are left out to keep this small. */
  domains: { hosts: string[]; ids: string[]; templates: number[] };
  urlRegexes: PageRegex[];
  scriptUrlRegexes: PageRegex[];
  contentRegexes: PageRegex[];
  wsMessageRegexes: PageRegex[];
  hashes: PageHash[];
  allow: { request: string[]; site: string[] };
}

export interface PageRuleTemplate {
  type: RuleType;
  action: RuleAction;
  severity: Severity;
  resourceTypes?: ResourceType[];
  thirdParty?: boolean;
  initiatorDomains?: string[];
  excludedInitiatorDomains?: string[];
}

interface PageRuleRef {
  id: string;
  template: number;
  description?: string;
}

export interface PageRegex extends PageRuleRef {
  source: string;
  flags: string;
  /** A substring every match contains (lower-cased when flags has `i`); checked before the regex. */
  literal: string | null;
  /**
   * ws-message regexes only: sets of substrings of which every match contains one each
   * (regex-literals.ts), so the hook can pass a frame containing none without the regex.
   */
  choices?: string[][];
  /** URL regexes only: a [a-z0-9]+ token every matching URL contains, for the token index. */
  token: IndexToken | null;
  /** What the page runs (never the browser's RegExp); null when the regex cannot run linearly. */
  program: RegexProgram | null;
}

export interface PageHash extends PageRuleRef {
  algorithm: HashAlgorithm;
  digest: string;
}

export function compilePageRules(list: RuleList): PageRules {
  const templates: PageRuleTemplate[] = [];
  const templateIndex = new Map<string, number>();
  const templateOf = (rule: Rule): number => {
    const t: PageRuleTemplate = { type: rule.type, action: rule.action, severity: rule.severity };
    if (rule.type === 'domain' || rule.type === 'url') {
      if (rule.resourceTypes) t.resourceTypes = rule.resourceTypes;
      if (rule.thirdParty !== undefined) t.thirdParty = rule.thirdParty;
      if (rule.initiatorDomains) t.initiatorDomains = rule.initiatorDomains;
      if (rule.excludedInitiatorDomains) t.excludedInitiatorDomains = rule.excludedInitiatorDomains;
    }
    const key = JSON.stringify(t);
    let index = templateIndex.get(key);
    if (index === undefined) {
      index = templates.push(t) - 1;
      templateIndex.set(key, index);
    }
    return index;
  };
  const ref = (rule: Rule): PageRuleRef => ({
    id: rule.id,
    template: templateOf(rule),
    ...(rule.description !== undefined ? { description: rule.description } : {}),
  });

  const out: PageRules = {
    version: 1,
    templates,
    domains: { hosts: [], ids: [], templates: [] },
    urlRegexes: [],
    scriptUrlRegexes: [],
    contentRegexes: [],
    wsMessageRegexes: [],
    hashes: [],
    allow: { request: [], site: [] },
  };
  for (const rule of list.rules) {
    switch (rule.type) {
      case 'domain':
        out.domains.hosts.push(rule.pattern);
        out.domains.ids.push(rule.id);
        out.domains.templates.push(templateOf(rule));
        break;
      case 'allow':
        out.allow[rule.scope].push(rule.pattern);
        break;
      case 'hash':
        out.hashes.push({ ...ref(rule), algorithm: rule.algorithm, digest: rule.pattern.toLowerCase() });
        break;
      case 'url':
        out.urlRegexes.push(pageRegex(rule, ref(rule)));
        break;
      case 'script-url':
        out.scriptUrlRegexes.push(pageRegex(rule, ref(rule)));
        break;
      case 'content':
        out.contentRegexes.push(pageRegex(rule, ref(rule)));
        break;
      case 'ws-message':
        out.wsMessageRegexes.push(pageRegex(rule, ref(rule)));
        break;
    }
  }
  return out;
}

function pageRegex(rule: Rule, base: PageRuleRef): PageRegex {
  const flags = regexFlagsFor(rule.type);
  const isUrl = rule.type === 'url' || rule.type === 'script-url';
  const ignoreCase = flags.includes('i');
  let runs: string[] = [];
  let choices: string[][] = [];
  let program: RegexProgram | null = null;
  try {
    runs = requiredLiterals(rule.pattern, ignoreCase);
    if (rule.type === 'ws-message' && !ignoreCase) choices = requiredChoices(rule.pattern);
    program = compileRegexProgram(rule.pattern, ignoreCase);
  } catch {
    // Validation refuses such rules; one that slips through never matches rather than running unbounded.
  }
  return {
    ...base, source: rule.pattern, flags, literal: longestLiteral(runs), token: isUrl ? indexToken(runs) : null, program,
    ...(rule.type === 'ws-message' ? { choices } : {}),
  };
}
