/**
 * The host a site toggle or allowlist entry refers to. Only web pages count:
 * browser-internal and extension pages can neither run our content scripts nor be allowlisted.
 */
export function siteHost(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}

/** `host` is `entry` or one of its subdomains, the same reach a DNR `requestDomains` condition has. */
export function hostCoveredBy(host: string, entry: string): boolean {
  return host === entry || host.endsWith(`.${entry}`);
}
