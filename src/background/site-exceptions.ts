import type { EffectiveSettings } from '../engine/policy/types';
import { isValidHost } from './allowlist';

/**
 * Sites whose requests DNR must let through: the allowlist (admin's and user's), plus
 * sites the user switched to report-only or off while the global mode blocks. The
 * reverse, a blocking site under a non-blocking global mode, is left to the page hook:
 * the network rules are all-or-nothing per mode.
 */
export function dnrExceptionHosts(settings: EffectiveSettings): string[] {
  const hosts = settings.allowlist.value.filter(isValidHost);
  if (settings.mode.value === 'block') {
    for (const [host, mode] of Object.entries(settings.siteModes.value)) if (mode !== 'block') hosts.push(host);
  }
  return [...new Set(hosts)];
}
