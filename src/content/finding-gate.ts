// The order matters: the size check runs before JSON.parse so a page cannot make the
// bridge parse megabytes, and duplicates are dropped before they spend rate-limit tokens.
import type { Finding } from '../engine/types';
import { createRateLimiter, FRAME_RATE_LIMIT, type RateLimitOptions } from './rate-limiter';
import { validateFinding } from './validate-finding';

export const MAX_FINDING_JSON = 16 * 1024;

export interface FindingGate {
  /** The finding to forward, or null to drop `detail` silently. */
  admit(detail: unknown, now: number): Finding | null;
}

export function createFindingGate(limits: RateLimitOptions = FRAME_RATE_LIMIT): FindingGate {
  const limiter = createRateLimiter(limits);
  // Bounded by the lifetime cap: only admitted findings are remembered.
  const seen = new Set<string>();
  return {
    admit(detail, now) {
      if (typeof detail !== 'string' || detail.length > MAX_FINDING_JSON) return null;
      let raw: unknown;
      try {
        raw = JSON.parse(detail);
      } catch {
        return null;
      }
      const finding = validateFinding(raw, now);
      if (!finding) return null;
      const { time: _time, ...identity } = finding;
      const key = JSON.stringify(identity);
      if (seen.has(key) || !limiter.take(now)) return null;
      seen.add(key);
      return finding;
    },
  };
}
