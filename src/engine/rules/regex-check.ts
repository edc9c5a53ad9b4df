import { RE2JS } from 're2js';
import { MAX_REGEX_LENGTH } from './limits';
import { findBacktrackingHazard } from './redos-check';
import { compileRegexProgram } from './regex-program';

/**
 * Why `pattern` may not be used as a rule regex, or null when it may. A rule regex
 * must compile in JavaScript (the page runs it), in RE2 (declarativeNetRequest runs
 * url rules, and one syntax for all rule types avoids surprises), and must compile
 * into the linear matcher's program, which is all that ever runs it outside DNR.
 * The backtracking check is kept so lists stay safe for backtracking tools too.
 */
export function regexProblem(pattern: unknown, flags: string, asciiOnly: boolean): string | null {
  if (typeof pattern !== 'string' || pattern === '') return 'pattern must be a non-empty string';
  if (pattern.length > MAX_REGEX_LENGTH) return `regex is longer than ${MAX_REGEX_LENGTH} characters (${pattern.length})`;
  if (asciiOnly && /[^\x00-\x7f]/.test(pattern)) return 'regex must be ASCII (declarativeNetRequest regexFilter requirement)';
  try {
    new RegExp(pattern, flags);
  } catch (e) {
    return `not a valid JavaScript regex: ${(e as Error).message}`;
  }
  try {
    RE2JS.compile(pattern, flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (e) {
    return `RE2 cannot run this regex: ${(e as Error).message}`;
  }
  try {
    compileRegexProgram(pattern, flags.includes('i'));
  } catch (e) {
    return `the linear matcher cannot run this regex: ${(e as Error).message}`;
  }
  const hazard = findBacktrackingHazard(pattern, flags);
  return hazard ? `regex can backtrack catastrophically: ${hazard}` : null;
}
