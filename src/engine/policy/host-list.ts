import { canonicalHost, hostProblem } from '../rules/host-names';

/**
 * Canonical hosts from an admin's or user's allowlist. An entry covers the host and
 * its subdomains, so a leading `*.` written out of habit means the same and is dropped.
 * Bad entries are reported and skipped; the rest still apply.
 */
export function parseHostList(raw: unknown, label: string, errors: string[]): string[] | undefined {
  if (!Array.isArray(raw)) {
    errors.push(`${label}: must be an array of host names`);
    return undefined;
  }
  const hosts: string[] = [];
  raw.forEach((entry, i) => {
    if (typeof entry !== 'string') {
      errors.push(`${label}[${i}]: must be a host name string`);
      return;
    }
    const host = canonicalHost(entry.replace(/^\s*\*\./, ''));
    const problem = host === null ? 'not a host name' : hostProblem(host);
    if (problem !== null || host === null) errors.push(`${label}[${i}]: "${entry}": ${problem}`);
    else if (!hosts.includes(host)) hosts.push(host);
  });
  return hosts;
}
