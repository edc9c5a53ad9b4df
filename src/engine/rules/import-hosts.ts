import type { ListIssue, Rule } from '../types';
import { canonicalHost, hostProblem, isIPv4 } from './host-names';
import { describeLine, idPrefix, type ImportOptions, type ImportResult } from './import-types';

// Addresses hosts files point blocked names at; they are not themselves entries.
const SINK_ADDRESSES = new Set(['0.0.0.0', '127.0.0.1', '::', '::0', '::1', '255.255.255.255', '0']);
// Standard hosts-file boilerplate that must never become a block rule.
const BOILERPLATE = new Set(['localhost', 'localhost.localdomain', 'local', 'broadcasthost', 'ip6-localhost', 'ip6-loopback', '0.0.0.0']);

/**
 * Imports hosts files (`0.0.0.0 host`, `127.0.0.1 host`), plain one-domain-per-line
 * lists and one-IPv4-per-line lists. Every entry becomes a `domain` rule (which
 * covers subdomains, like a DNS block would not, but like ABP's `||host^` does).
 */
export function importHosts(text: string, opts: ImportOptions = {}): ImportResult {
  const name = opts.name ?? 'hosts';
  const prefix = idPrefix(name);
  const rules: Rule[] = [];
  const skipped: ListIssue[] = [];
  const firstLineOf = new Map<string, number>();

  text.split(/\r?\n/).forEach((rawLine, index) => {
    const lineNo = index + 1;
    const line = rawLine.replace(/#.*$/, '').trim();
    if (line === '') return;
    const skip = (reason: string) => skipped.push({ line: lineNo, reason, text: describeLine(rawLine.trim()) });
    const tokens = line.split(/\s+/);
    let entries = tokens;
    if (tokens.length > 1) {
      if (!SINK_ADDRESSES.has(tokens[0])) return skip(`"${tokens[0]}" is not a blocking address (expected 0.0.0.0 or 127.0.0.1)`);
      entries = tokens.slice(1);
    }
    entries.forEach((entry, k) => {
      const host = toHost(entry);
      if (typeof host !== 'string') return skip(host.reason);
      const earlier = firstLineOf.get(host);
      if (earlier !== undefined) return skip(`duplicate of line ${earlier}`);
      firstLineOf.set(host, lineNo);
      rules.push({
        id: k === 0 ? `${prefix}:${lineNo}` : `${prefix}:${lineNo}.${k}`,
        type: 'domain',
        pattern: host,
        action: 'block',
        severity: 'high',
      });
    });
  });

  return { list: { format: 'miner-sentry-rules', version: 1, name, rules }, skipped };
}

function toHost(entry: string): string | { reason: string } {
  if (BOILERPLATE.has(entry.toLowerCase())) return { reason: `"${entry}" is standard hosts-file boilerplate, not a miner` };
  if (/:\d+$/.test(entry) && !entry.includes('::')) {
    return { reason: `"${entry}" names a port; rules match whole hosts, so blocking it would block more than the list intends` };
  }
  if (entry.includes(':')) return { reason: `"${entry}" is an IPv6 address; declarativeNetRequest domain lists take host names and IPv4 only` };
  const host = canonicalHost(entry.replace(/^\*\./, ''));
  if (host === null) return { reason: `"${entry}" is not a valid host name` };
  if (isIPv4(host)) return host;
  const problem = hostProblem(host);
  return problem ? { reason: `"${entry}": ${problem}` } : host;
}
