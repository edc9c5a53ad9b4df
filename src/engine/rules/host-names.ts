// declarativeNetRequest wants canonical ASCII hosts (punycode, lower case), and the
// page matcher compares hosts as plain strings, so every rule host goes through here.

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export const MAX_HOST_LENGTH = 253;

export function isIPv4(host: string): boolean {
  return IPV4.test(host);
}

/** Why `host` cannot be a rule host, or null when it can. */
export function hostProblem(host: string): string | null {
  if (typeof host !== 'string' || host === '') return 'host is empty';
  if (host.length > MAX_HOST_LENGTH) return `host is longer than ${MAX_HOST_LENGTH} characters`;
  if (host !== host.toLowerCase()) return 'host must be lower case';
  if (/[^\x21-\x7e]/.test(host)) return 'host must be ASCII (use punycode, e.g. xn--...)';
  if (isIPv4(host)) return null;
  if (host.includes(':') || host.startsWith('[')) return 'IPv6 addresses and ports are not supported';
  const labels = host.split('.');
  // A single label ("com", "localhost") would match far too much as a suffix.
  if (labels.length < 2) return 'host needs at least two labels (e.g. example.com)';
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined) return `invalid host label "${bad}"`;
  if (/^\d+$/.test(labels[labels.length - 1])) return 'host looks like an incomplete IPv4 address';
  return null;
}

/**
 * Lower-cases and punycode-encodes a host written by a person or a list author.
 * Returns null when the URL parser refuses it.
 */
export function canonicalHost(raw: string): string | null {
  const trimmed = raw.trim().replace(/\.$/, '');
  if (/^[\x21-\x7e]*$/.test(trimmed)) return trimmed.toLowerCase();
  try {
    return new URL(`http://${trimmed}/`).hostname;
  } catch {
    return null;
  }
}
