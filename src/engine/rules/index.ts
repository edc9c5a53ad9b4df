// Public API of the rule-list engine. The page hook must import `page-matcher.ts`
// directly instead: this index pulls in validation, which bundles re2js.
export { loadRuleList, type LoadOptions, type LoadResult } from './load';
export { validateRuleList, formatIssue, type ValidateOptions } from './validate';
export { importAbp } from './import-abp';
export { importHosts } from './import-hosts';
export type { ImportOptions, ImportResult } from './import-types';
export { detectFormat, type ListFormat } from './detect-format';
export { compileDnr, type CompileDnrOptions, type CompileDnrResult } from './compile-dnr';
export type { DnrRule, DnrCondition } from './dnr-types';
export { compilePageRules, type PageRules, type PageRegex, type PageHash, type PageRuleTemplate } from './page-rules';
export { createPageMatcher, type PageMatcher, type MatchContext } from './page-matcher';
export { mergeRuleLists } from './merge';
export { builtinRuleList } from './builtin-list';
export { findBacktrackingHazard } from './redos-check';
export { DNR_MAX_REGEX_RULES, DNR_GUARANTEED_STATIC_RULES, DEFAULT_DOMAINS_PER_RULE, MAX_REGEX_LENGTH } from './limits';
export type * from '../types';
