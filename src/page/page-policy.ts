// Turns the PageConfig the bridge sent into the questions the hooks ask. The rule
// matcher is built on first use, not at start-up: most pages never call a hooked API.
import type { PageMatcher } from '../engine/rules/page-matcher';
import { engine } from './engine';
import type { PageRules } from '../engine/rules/page-rules';
import type { HookChannel } from './hook-channel';
import { apply, jsonParse, SafeWeakMap } from './intrinsics';
import { pristine, RealmTampered } from './realm-guard';

export interface PagePolicy {
  /** False when the mode is `off` or the site is allowlisted: hooks then pass calls straight through. */
  checking(): boolean;
  /** Refuse miners (mode `block`, the default until the bridge answers) rather than only report them. */
  blocking(): boolean;
  /** Rules from the config, or null before it arrives (fingerprints still apply). */
  matcher(): PageMatcher | null;
}

/** Matchers whose rules judge script text (content or hash rules): only for them is a script read before it runs. */
const scriptJudges = new SafeWeakMap<PageMatcher, true>();

export function judgesScripts(matcher: PageMatcher): boolean {
  return scriptJudges.has(matcher);
}

/** Every question to the rules runs on the built-ins of install time (realm-guard.ts). */
function guardedMatcher(m: PageMatcher): PageMatcher {
  const g = <A extends unknown[], R>(f: (...a: A) => R) => (...a: A): R => pristine(() => f(...a));
  return {
    matchUrl: g(m.matchUrl),
    matchScriptUrl: g(m.matchScriptUrl),
    matchHost: g(m.matchHost),
    matchHashes: g(m.matchHashes),
    matchContent: g(m.matchContent),
    matchWsMessage: g(m.matchWsMessage),
    isSiteAllowed: g(m.isSiteAllowed),
    isRequestAllowed: g(m.isRequestAllowed),
    hashAlgorithms: g(m.hashAlgorithms),
    size: m.size,
    wsFilters: m.wsFilters,
  };
}

export function createPolicy(channel: HookChannel, host: string): PagePolicy {
  let builtFrom: string | null = null;
  let built: PageMatcher | null = null;
  // The answer for this host, kept per matcher: every hooked call asks (each frame a socket
  // sends, for one), and asking the rules again costs a pass of the realm guard.
  let askedOf: PageMatcher | null = null;
  let siteAllowed = false;
  const policy: PagePolicy = {
    checking() {
      const c = channel.config();
      if (!c) return true;
      if (c.mode === 'off' || c.allowed) return false;
      try {
        const m = policy.matcher();
        if (!m) return true;
        if (m !== askedOf) {
          siteAllowed = m.isSiteAllowed(host);
          askedOf = m;
        }
        return !siteAllowed;
      } catch (e) {
        // A page that broke the built-ins does not get its checks switched off by it.
        if (e instanceof RealmTampered) return true;
        throw e;
      }
    },
    blocking() {
      const c = channel.config();
      return !c || c.mode === 'block';
    },
    matcher() {
      const rules = channel.config()?.rules;
      if (!rules) return null;
      if (rules !== builtFrom) {
        builtFrom = rules;
        try {
          built = pristine(() => {
            const data = apply(jsonParse, undefined, [rules]) as PageRules;
            const m = guardedMatcher(engine().createPageMatcher(data));
            if (data.contentRegexes.length > 0 || data.hashes.length > 0) scriptJudges.set(m, true);
            return m;
          });
        } catch (e) {
          // Built again next time: the page may yet put the built-ins back.
          if (e instanceof RealmTampered) builtFrom = null;
          // A broken rule payload must not disable fingerprint checks.
          built = null;
        }
      }
      return built;
    },
  };
  return policy;
}
