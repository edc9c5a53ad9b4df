import type { ListIssue, Rule } from '../types';
import { abpPatternToRegex, hostOnlyPattern } from './abp-pattern';
import { parseOptions, splitOptions, type AbpOptions } from './abp-options';
import { canonicalHost, hostProblem } from './host-names';
import { describeLine, idPrefix, type ImportOptions, type ImportResult } from './import-types';
import { regexProblem } from './regex-check';

const COSMETIC = /#[@?$%]{0,2}#/;

/**
 * Imports the Adblock Plus / uBlock Origin filter subset that miner lists use.
 * Blank lines and comments are not rules and are not reported; every other line
 * either becomes a rule or lands in `skipped` with its line number and reason.
 */
export function importAbp(text: string, opts: ImportOptions = {}): ImportResult {
  const lines = text.split(/\r?\n/);
  const name = opts.name ?? titleOf(lines) ?? 'abp';
  const prefix = idPrefix(name);
  const rules: Rule[] = [];
  const skipped: ListIssue[] = [];
  const firstLineOf = new Map<string, number>();

  lines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    const line = rawLine.trim();
    const skip = (reason: string) => skipped.push({ line: lineNo, reason, text: describeLine(line) });
    if (isComment(line)) {
      if (/^!#(include|if|endif|else)\b/.test(line)) skip('preprocessor directive; included files must be imported separately');
      return;
    }
    const result = convertLine(line, `${prefix}:${lineNo}`);
    if (typeof result === 'string') return skip(result);
    const key = JSON.stringify({ ...result, id: undefined, description: undefined });
    const earlier = firstLineOf.get(key);
    if (earlier !== undefined) return skip(`duplicate of line ${earlier}`);
    firstLineOf.set(key, lineNo);
    rules.push(result);
  });

  return { list: { format: 'miner-sentry-rules', version: 1, name, rules }, skipped };
}

function isComment(line: string): boolean {
  // `[Adblock Plus 2.0]` headers, `!` comments and uBlock's `# ` comments.
  return line === '' || line.startsWith('!') || /^\[.*\]$/.test(line) || line === '#' || line.startsWith('# ');
}

function titleOf(lines: readonly string[]): string | undefined {
  for (const l of lines.slice(0, 30)) {
    const m = /^!\s*Title:\s*(.+)$/i.exec(l.trim());
    if (m) return m[1].trim();
  }
  return undefined;
}

/** A rule, or the reason the filter line cannot become one. */
const MIN_PATH_FILTER_LENGTH = 4;

function convertLine(line: string, id: string): Rule | string {
  if (line.includes('##+js(') || line.includes('#@#+js(')) return 'scriptlet injection (##+js) is not supported';
  if (COSMETIC.test(line)) return 'cosmetic filter (element hiding) does not affect requests';
  const exception = line.startsWith('@@');
  const filter = exception ? line.slice(2) : line;
  const { pattern, options: optionText } = splitOptions(filter);
  const options = parseOptions(optionText);
  if (typeof options === 'string') return options;
  if (pattern === '' || pattern === '*') return 'filter without a pattern would apply to every request on the listed sites; not supported';
  const description = describeLine(line);
  const host = hostOnlyPattern(pattern);

  if (exception) {
    if (!host) return 'exception with a path cannot be an allow rule (allow rules are host-wide); skipped so it does not allow more than intended';
    const canon = canonicalHost(host);
    const problem = canon === null ? 'not a host name' : hostProblem(canon);
    if (problem || canon === null) return `exception host "${host}": ${problem}`;
    return { id, type: 'allow', pattern: canon, scope: options.document ? 'site' : 'request', action: 'report', severity: 'low', description };
  }

  const common = { id, action: 'block' as const, severity: 'high' as const, description, ...requestOptions(options) };
  if (host) {
    const canon = canonicalHost(host);
    const problem = canon === null ? 'not a host name' : hostProblem(canon);
    if (problem || canon === null) return `host "${host}": ${problem}`;
    return { ...common, type: 'domain', pattern: canon };
  }
  const isRegex = pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/');
  // A path filter of a few characters ("/", "js") matches nearly every URL: in a real list it is
  // a typo, in a download it is junk. Either way it must not block the web.
  if (!isRegex && pattern.replace(/[*^|]/g, '').length < MIN_PATH_FILTER_LENGTH) {
    return `path filter "${pattern}" is too short to be specific; it would block almost every request`;
  }
  const regex = isRegex ? pattern.slice(1, -1) : abpPatternToRegex(pattern);
  const problem = regexProblem(regex, 'i', true);
  if (problem) return problem;
  return { ...common, type: 'url', pattern: regex };
}

function requestOptions(o: AbpOptions) {
  return {
    ...(o.resourceTypes ? { resourceTypes: o.resourceTypes } : {}),
    ...(o.thirdParty !== undefined ? { thirdParty: o.thirdParty } : {}),
    ...(o.initiatorDomains ? { initiatorDomains: o.initiatorDomains } : {}),
    ...(o.excludedInitiatorDomains ? { excludedInitiatorDomains: o.excludedInitiatorDomains } : {}),
  };
}
