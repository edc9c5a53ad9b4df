import { describe, expect, it } from 'vitest';
import { findBacktrackingHazard } from '../../../../src/engine/rules/redos-check';
import { regexProblem } from '../../../../src/engine/rules/regex-check';

describe('findBacktrackingHazard', () => {
  it.each([
    ['(a+)+$', /nested quantifiers/],
    ['(a|a)*b', /alternation inside a repeated group/],
    ['(\\w+\\s?)*$', /nested quantifiers/],
    ['(a*)*b', /nested quantifiers/],
    ['(x+x+)+y', /nested quantifiers/],
    ['(.*a){12}', /nested quantifiers/],
    ['(a|aa)+$', /alternation inside a repeated group/],
    ['\\d+\\d+x', /adjacent unbounded quantifiers/],
    ['\\w*\\s*\\w*$', /adjacent unbounded quantifiers/],
    ['(a)\\1', /back-references/],
  ])('flags %s', (source, expected) => {
    expect(findBacktrackingHazard(source)).toMatch(expected);
  });

  it.each([
    '^https?:\\/\\/([0-9a-z\\.-_]+)\\.(accountant|bid|cf)\\.\\/(.*)',
    '([a-z0-9-]+\\.)*coinhive\\.com',
    '(ab+c)+',
    '.*foo.*bar',
    // Nothing after the second loop can fail, so there is nothing to backtrack into.
    '\\d+\\d+',
    '"method"\\s*:\\s*"(login|submit)"',
    '(\\d{1,3}\\.){3}\\d{1,3}',
    '[?&]key=[0-9a-f]{32,}',
    '(?:[^\\/?#]*\\.)?dekoder\\.ws(?:[^\\w.%-]|$).*\\?proxy=',
  ])('accepts %s', (source) => {
    expect(findBacktrackingHazard(source)).toBeNull();
  });

  it('folds case before comparing character sets under the i flag', () => {
    expect(findBacktrackingHazard('[a-z]+[A-Z]+!', '')).toBeNull();
    expect(findBacktrackingHazard('[a-z]+[A-Z]+!', 'i')).toMatch(/adjacent/);
  });

  it('accepts the linear rewrite of a flagged regex, which then fails fast on a long near-miss', () => {
    expect(findBacktrackingHazard('(a+)+$')).not.toBeNull();
    expect(findBacktrackingHazard('a+$')).toBeNull();
    expect(new RegExp('a+$').test(`${'a'.repeat(10_000)}!`)).toBe(false);
  });
});

describe('regexProblem', () => {
  it('accepts an ordinary URL regex', () => {
    expect(regexProblem('/coinhive(\\.min)?\\.js\\b', 'i', true)).toBeNull();
  });
  it('rejects lookahead that JS accepts but RE2 does not', () => {
    expect(regexProblem('space(?!x)', 'i', true)).toMatch(/^RE2 cannot run/);
  });
  it('rejects RE2-only syntax that JS cannot compile', () => {
    expect(regexProblem('(?i)coin', '', false)).toMatch(/^not a valid JavaScript regex/);
  });
});
