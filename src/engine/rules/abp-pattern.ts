// Translation of ABP's URL pattern syntax into a regex. ABP meanings: `*` any
// run of characters, `^` a separator (anything but a letter, digit or `_-.%`, or
// the end of the URL), leading `||` the start of a host label, `|` at either end
// an anchor.

const SCHEME_AND_SUBDOMAINS = '^[a-z][a-z0-9+.-]*:\\/\\/(?:[^\\/?#]*\\.)?';
const SEPARATOR = '(?:[^\\w.%-]|$)';

export function abpPatternToRegex(pattern: string): string {
  let p = pattern;
  let prefix = '';
  let suffix = '';
  if (p.startsWith('||')) {
    prefix = SCHEME_AND_SUBDOMAINS;
    p = p.slice(2);
  } else if (p.startsWith('|')) {
    prefix = '^';
    p = p.slice(1);
  }
  if (p.endsWith('|')) {
    suffix = '$';
    p = p.slice(0, -1);
  }
  p = p.replace(/\*+/g, '*');
  // The search is unanchored anyway; leading/trailing wildcards only add backtracking.
  if (!prefix) p = p.replace(/^\*/, '');
  if (!suffix) p = p.replace(/\*$/, '');
  let body = '';
  for (const ch of p) {
    if (ch === '*') body += '.*';
    else if (ch === '^') body += SEPARATOR;
    else body += /[\\^$.|?+()[\]{}]/.test(ch) ? `\\${ch}` : ch;
  }
  return prefix + body + suffix;
}

const PLAIN_HOST = /^[\p{L}\p{N}_.-]+$/u;

/** The host of a `||host^` / `||host` filter that names exactly a host, else null. */
export function hostOnlyPattern(pattern: string): string | null {
  if (!pattern.startsWith('||')) return null;
  const rest = pattern.endsWith('^') ? pattern.slice(2, -1) : pattern.slice(2);
  return PLAIN_HOST.test(rest) && rest.includes('.') ? rest : null;
}
