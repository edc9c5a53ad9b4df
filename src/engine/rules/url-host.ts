// String slicing instead of `new URL()`: it is several times faster on the hot path,
// and page scripts can replace the global URL constructor before the hook runs.

/** Lower-case host of an absolute URL without port, user info or trailing dot; '' if none. */
export function hostOfUrl(url: string): string {
  const scheme = url.indexOf('://');
  if (scheme < 0) return '';
  let start = scheme + 3;
  let end = url.length;
  for (let i = start; i < url.length; i++) {
    const c = url.charCodeAt(i);
    // '/', '?', '#', '\' end the authority.
    if (c === 47 || c === 63 || c === 35 || c === 92) {
      end = i;
      break;
    }
  }
  const at = url.lastIndexOf('@', end - 1);
  if (at >= start) start = at + 1;
  let host = url.slice(start, end);
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    return close < 0 ? '' : host.slice(0, close + 1).toLowerCase();
  }
  const colon = host.indexOf(':');
  if (colon >= 0) host = host.slice(0, colon);
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host.toLowerCase();
}
