// The hook passes a WebSocket frame without running the ws-message rules when it holds none
// of the substrings a rule's every match needs (regex-literals.ts, requiredChoices). That is
// only sound if every match really contains one substring of each set: checked here against
// the browser's own RegExp on many generated frames.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../bench/lib/prng';
import { builtinRuleList } from '../../../../src/engine/rules/builtin-list';
import { createPageMatcher } from '../../../../src/engine/rules/page-matcher';
import { compilePageRules } from '../../../../src/engine/rules/page-rules';
import { parseRegex, type RegexNode } from '../../../../src/engine/rules/regex-ast';
import { requiredChoices } from '../../../../src/engine/rules/regex-literals';
import { anyWsRuleMayMatch } from '../../../../src/engine/rules/ws-filters';

const find = (text: string, token: string) => text.indexOf(token);


const BUILTIN_WS = builtinRuleList.rules.filter((r) => r.type === 'ws-message').map((r) => r.pattern);
const PATTERNS = [
  ...BUILTIN_WS,
  '"op"\\s*:\\s*"(mine|hash(rate)?)"',
  '(?:alpha|beta)-(gamma|delta|x?)',
  'pre(fix)+ and (one|two)*three',
  '^\\{"cmd":"(start|stop)",',
  '(a|b)(c|d)(e|)f',
  'x{2,3}(yy|zz){1,2}',
];
/** A random string the regex matches (mostly: word assertions may fail, and are then skipped). */
function sample(n: RegexNode, next: () => number): string {
  switch (n.kind) {
    case 'char': {
      // Ranges are [lo, hi, lo, hi, …]; stay within the first pair or two, mostly printable.
      const pairs = n.ranges.length / 2;
      const p = Math.floor(next() * Math.min(pairs, 4));
      const lo = n.ranges[2 * p]!;
      const hi = Math.min(n.ranges[2 * p + 1]!, lo + 94);
      return String.fromCharCode(lo + Math.floor(next() * (hi - lo + 1)));
    }
    case 'seq': return n.items.map((i) => sample(i, next)).join('');
    case 'alt': return sample(n.branches[Math.floor(next() * n.branches.length)]!, next);
    case 'group': return sample(n.body, next);
    case 'repeat': {
      const count = n.min + Math.floor(next() * (Math.min(n.max, n.min + 3) - n.min + 1));
      let out = '';
      for (let i = 0; i < count; i++) out += sample(n.body, next);
      return out;
    }
    default: return '';
  }
}

/** Pieces of each pattern's own text, so generated frames often come close to matching. */
const PIECES = ['"method"', ':', '"', 'login', 'mining.subscribe', 'mining.authorize', 'submit', 'mining.submit', '"blob"', 'deadbeef'.repeat(13), '"type"', 'auth', ',', '"params"', '{', '}', '"site_key"', '"nonce"',
  '"op"', 'mine', 'hash', 'rate', 'alpha', 'beta', '-', 'gamma', 'delta', 'x', 'pre', 'fix', ' and ', 'one', 'two', 'three', '{"cmd":"', 'start', 'stop', '",', 'a', 'b', 'c', 'd', 'e', 'f', 'y', 'z', ' ', 'q'];

describe('requiredChoices', () => {
  it('asks a Stratum login rule for "method" and one of its method names', () => {
    const choices = requiredChoices(BUILTIN_WS[0]!);
    expect(choices).toContainEqual(['"method"']);
    expect(choices).toContainEqual(['login', 'mining.subscribe', 'mining.authorize']);
  });

  it('promises nothing for a branch without literal text', () => {
    expect(requiredChoices('(abc|[0-9]+)')).toEqual([]);
    expect(requiredChoices('(a|b)?c')).toEqual([['c']]);
  });

  it('every match of every pattern holds one substring of each set, over 40 000 generated frames', () => {
    const next = seededRandom(11);
    let matched = 0;
    for (const pattern of PATTERNS) {
      const re = new RegExp(pattern);
      const choices = requiredChoices(pattern);
      for (let i = 0; i < 5_000; i++) {
        // Half near misses built from the patterns' pieces, half sampled matches with filler around them.
        let text = '';
        const n = 1 + Math.floor(next() * 12);
        for (let k = 0; k < n; k++) text += PIECES[Math.floor(next() * PIECES.length)];
        if (i % 2 === 1) text = `${text.slice(0, Math.floor(next() * 8))}${sample(parseRegex(pattern), next)}${text.slice(8)}`;
        if (!re.test(text)) continue;
        matched++;
        expect(anyWsRuleMayMatch(text, [choices], find), `${pattern} on ${text}`).toBe(true);
      }
    }
    expect(matched, 'the generator must produce matches, or the property says nothing').toBeGreaterThan(500);
  });
});

describe('anyWsRuleMayMatch', () => {
  it('needs one substring of every set of some rule; a rule without sets always may match', () => {
    const rule = [['"op"'], ['mine', 'hash']];
    expect(anyWsRuleMayMatch('{"op":"hash"}', [rule], find)).toBe(true);
    expect(anyWsRuleMayMatch('{"op":"noop"}', [rule], find)).toBe(false);
    expect(anyWsRuleMayMatch('{"id":"hash"}', [rule], find)).toBe(false);
    expect(anyWsRuleMayMatch('{"op":"noop"}', [rule, []], find)).toBe(true);
    expect(anyWsRuleMayMatch('anything', [], find)).toBe(false);
  });
});

describe('the bundled list\'s ws-message filters', () => {
  const m = createPageMatcher(compilePageRules(builtinRuleList));
  const worth = (text: string) => anyWsRuleMayMatch(text, m.wsFilters, find);

  it('let a JSON-RPC notification pass without running the rules, but not a login or a job', () => {
    expect(worth('{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0x9","result":{}}}')).toBe(false);
    expect(worth('{"type":"tick","symbol":"ABC","price":1}')).toBe(false);
    const login = '{"id":1,"method":"login","params":{"login":"x"}}';
    expect(worth(login)).toBe(true);
    expect(m.matchWsMessage(login)?.ruleId).toBe('builtin:stratum-login');
    expect(worth(`{"job_id":"1","blob":"${'ab'.repeat(60)}"}`)).toBe(true);
  });
});
