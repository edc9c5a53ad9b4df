import { describe, expect, it } from 'vitest';
import { importHosts } from '../../../../src/engine/rules/import-hosts';

describe('importHosts', () => {
  it('reads hosts-file lines, bare domains and IPv4 addresses', () => {
    const text = ['# comment', '0.0.0.0 a.example', '127.0.0.1 b.example c.example # trailing', 'D.Example', '*.e.example', '203.0.113.7', ''].join('\n');
    const { list, skipped } = importHosts(text, { name: 'h' });
    expect(skipped).toEqual([]);
    expect(list.rules.map((r) => [r.id, r.type, r.pattern])).toEqual([
      ['h:2', 'domain', 'a.example'],
      ['h:3', 'domain', 'b.example'],
      ['h:3.1', 'domain', 'c.example'],
      ['h:4', 'domain', 'd.example'],
      ['h:5', 'domain', 'e.example'],
      ['h:6', 'domain', '203.0.113.7'],
    ]);
    expect(list.rules.every((r) => r.action === 'block')).toBe(true);
  });

  it('reports what it skips, with line numbers', () => {
    const text = ['127.0.0.1 localhost', '::1 ip6-localhost', 'pool.example:3333', '2001:db8::1', '10.0.0.1 a.example', 'bad_-label-.example', 'x.example', 'X.example', 'com'].join('\n');
    const { list, skipped } = importHosts(text);
    expect(list.rules.map((r) => r.pattern)).toEqual(['x.example']);
    expect(skipped.map((s) => [s.line, s.reason.replace(/^"[^"]*":? ?/, '').split(/[;(]/)[0].trim()])).toEqual([
      [1, 'is standard hosts-file boilerplate, not a miner'],
      [2, 'is standard hosts-file boilerplate, not a miner'],
      [3, 'names a port'],
      [4, 'is an IPv6 address'],
      [5, 'is not a blocking address'],
      [6, 'invalid host label "bad_-label-"'],
      [8, 'duplicate of line 7'],
      [9, 'host needs at least two labels'],
    ]);
  });
});
