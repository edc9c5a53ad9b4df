import { compileDnr, DNR_GUARANTEED_STATIC_RULES, DNR_MAX_REGEX_RULES } from '../../src/engine/rules/index';
import { syntheticRules } from '../data/synthetic-rules';
import { timeRepeated } from '../lib/interleave';

// Chrome's published declarativeNetRequest limits (MDN / developer.chrome.com):
// MAX_NUMBER_OF_REGEX_RULES = 1000, counted separately for static rulesets and for
// dynamic + session rules; GUARANTEED_MINIMUM_STATIC_RULES = 30000 across enabled static
// rulesets; MAX_NUMBER_OF_DYNAMIC_RULES = 30000 since Chrome 120, of which at most
// MAX_NUMBER_OF_UNSAFE_DYNAMIC_RULES = 5000 may be "unsafe" (non block/allow actions).
// Compiled subscriptions are installed as dynamic rules, so the tightest applicable bound
// for block / allow rules is 30000 with at most 1000 regexFilter rules.
const CHROME_MAX_DYNAMIC_RULES = 30000;

export interface DnrResult {
  domains: number;
  regexes: number;
  compileMs: number;
  compileP95Ms: number;
  rules: number;
  domainRules: number;
  regexRules: number;
  allowRules: number;
  skipped: number;
  jsonBytes: number;
  limits: { name: string; limit: number; used: number; ok: boolean }[];
}

export function benchDnr(quick: boolean): DnrResult {
  const syn = syntheticRules(100_000, 1_000);
  const t = timeRepeated(quick ? 3 : 7, () => compileDnr(syn.list));
  const { rules, skipped, stats } = t.result;
  return {
    domains: syn.hosts.length,
    regexes: syn.regexes.length,
    compileMs: t.medianMs,
    compileP95Ms: t.p95Ms,
    rules: stats.total,
    domainRules: stats.domainRules,
    regexRules: stats.regexRules,
    allowRules: stats.allowRules,
    skipped: skipped.length,
    jsonBytes: Buffer.byteLength(JSON.stringify(rules)),
    limits: [
      { name: 'MAX_NUMBER_OF_REGEX_RULES', limit: DNR_MAX_REGEX_RULES, used: stats.regexRules, ok: stats.regexRules <= DNR_MAX_REGEX_RULES },
      { name: 'GUARANTEED_MINIMUM_STATIC_RULES', limit: DNR_GUARANTEED_STATIC_RULES, used: stats.total, ok: stats.total <= DNR_GUARANTEED_STATIC_RULES },
      { name: 'MAX_NUMBER_OF_DYNAMIC_RULES (Chrome ≥ 120)', limit: CHROME_MAX_DYNAMIC_RULES, used: stats.total, ok: stats.total <= CHROME_MAX_DYNAMIC_RULES },
    ],
  };
}
