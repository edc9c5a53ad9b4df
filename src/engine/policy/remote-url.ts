// Lists and reports cross the network. Plain http would let anyone on the path swap
// a blocklist or read reports, so only https is accepted, plus loopback for tests.

/** Why `url` cannot be fetched from or posted to, or null when it can. */
export function remoteUrlProblem(url: unknown): string | null {
  if (typeof url !== 'string' || url.trim() === '') return 'must be a URL string';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a valid URL`;
  }
  if (parsed.username || parsed.password) return 'must not contain credentials';
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && parsed.hostname === '127.0.0.1') return null;
  return `must use https:// (http:// only for 127.0.0.1), got ${parsed.protocol}//${parsed.host}`;
}
