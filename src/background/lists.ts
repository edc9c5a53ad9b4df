import type { RuleList } from '../engine/types';
import { builtinRuleList, compilePageRules, loadRuleList, mergeRuleLists } from '../engine/rules/index';
import { createPageMatcher, type PageMatcher } from '../engine/rules/page-matcher';
// Shipped as a text asset and fetched, not inlined with `?raw`: the list names miner files
// (e.g. coinhive's loader), and addons-linter flags any JavaScript file containing those
// names as a coin miner, which fails `lint:firefox` (warnings are errors there).
import nocoinUrl from '../../rules/nocoin/nocoin.txt?url';

// Every rule list in force, and what the page hook and the request attribution derive from
// them. Bundled lists only for now; subscription and admin policy lists will join
// `bundledLists()` here and reset `derived` when they change.

async function bundledLists(): Promise<RuleList[]> {
  const response = await fetch(nocoinUrl);
  if (!response.ok) throw new Error(`NoCoin list: HTTP ${response.status}`);
  const nocoin = loadRuleList(await response.text(), { name: 'NoCoin Filter List', partial: true }).list;
  return nocoin ? [builtinRuleList, nocoin] : [builtinRuleList];
}

interface Derived {
  pageRulesJson: string;
  requestMatcher: PageMatcher;
}

let derived: Promise<Derived> | null = null;

async function derive(): Promise<Derived> {
  const full = mergeRuleLists(await bundledLists());
  // Domain rules are DNR's job (the static ruleset); the page only needs the rest.
  const forPage: RuleList = { ...full, rules: full.rules.filter((r) => r.type !== 'domain') };
  return {
    pageRulesJson: JSON.stringify(compilePageRules(forPage)),
    requestMatcher: createPageMatcher(compilePageRules(full)),
  };
}

function current(): Promise<Derived> {
  derived ??= derive().catch((err: unknown) => {
    derived = null; // try again on the next request rather than serving nothing forever
    throw err;
  });
  return derived;
}

/** Compiled once per set of lists: every frame of every page asks for it. */
export async function pageRulesJson(): Promise<string> {
  return (await current()).pageRulesJson;
}

/** Matches request URLs against all lists, domain rules included (for naming the rule that blocked a request). */
export async function requestMatcher(): Promise<PageMatcher> {
  return (await current()).requestMatcher;
}
