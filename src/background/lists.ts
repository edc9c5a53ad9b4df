import type { RuleList } from '../engine/types';
import { builtinRuleList, compilePageRules, loadRuleList } from '../engine/rules/index';
import type { PageMatcher } from '../engine/rules/page-matcher';
import { TRUST } from '../engine/policy/trust';
import { pageRuleList, trustedRequestMatcher, type TrustedList } from '../engine/policy/trusted-rules';
import type { RuleSource } from './rule-sources';
// Shipped as a text asset and fetched, not inlined with `?raw`: the list names miner files
// (e.g. coinhive's loader), and addons-linter flags any JavaScript file containing those
// names as a coin miner, which fails `lint:firefox` (warnings are errors there).
import nocoinUrl from '../../rules/nocoin/nocoin.txt?url';

// Every rule list in force, and what the page hook and the request attribution derive from
// them: the bundled lists plus the sources (policy, subscriptions, the user's own) that
// `setListSources` hands over whenever they change.

async function loadBundledLists(): Promise<RuleList[]> {
  const response = await fetch(nocoinUrl);
  if (!response.ok) throw new Error(`NoCoin list: HTTP ${response.status}`);
  const nocoin = loadRuleList(await response.text(), { name: 'NoCoin Filter List', partial: true }).list;
  return nocoin ? [builtinRuleList, nocoin] : [builtinRuleList];
}

// Fixed for the life of this build, and parsing NoCoin is the slow part of a page config:
// kept across list changes, so a change only costs the merge and compile.
let bundled: Promise<RuleList[]> | null = null;

function bundledLists(): Promise<RuleList[]> {
  bundled ??= loadBundledLists().catch((err: unknown) => {
    bundled = null;
    throw err;
  });
  return bundled;
}

interface Derived {
  pageRulesJson: string;
  requestMatcher: PageMatcher;
}

let derived: Promise<Derived> | null = null;
let sources: Promise<readonly RuleSource[]> = Promise.resolve([]);

async function derive(): Promise<Derived> {
  const [lists, extra] = await Promise.all([bundledLists(), sources]);
  const all: TrustedList[] = [
    ...lists.map((list) => ({ list, trust: TRUST.bundled })),
    ...extra.map((s) => ({ list: s.list, trust: s.trust })),
  ];
  // Domain rules are DNR's job (static ruleset and dynamic list rules); the page gets the rest,
  // with only the allows that outrank every rule it holds.
  return {
    pageRulesJson: JSON.stringify(compilePageRules(pageRuleList(all))),
    requestMatcher: trustedRequestMatcher(all),
  };
}

function current(): Promise<Derived> {
  derived ??= derive().catch((err: unknown) => {
    derived = null; // try again on the next request rather than serving nothing forever
    throw err;
  });
  return derived;
}

/** The lists beyond the bundled ones changed; the next page config is compiled afresh. */
export function setListSources(next: Promise<readonly RuleSource[]>): void {
  sources = next.catch(() => []);
  derived = null;
}

/** Compiled once per set of lists: every frame of every page asks for it. */
export async function pageRulesJson(): Promise<string> {
  return (await current()).pageRulesJson;
}

/** Matches request URLs against all lists, domain rules included (for naming the rule that blocked a request). */
export async function requestMatcher(): Promise<PageMatcher> {
  return (await current()).requestMatcher;
}
