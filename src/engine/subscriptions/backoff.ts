// After a failure the next try comes sooner than the regular interval, doubling from
// five minutes, so a short outage heals fast and a long one costs one request per interval.

export const FIRST_RETRY_MS = 5 * 60_000;
/** ±10 %: enough to spread a fleet of browsers that all failed at the same moment. */
const JITTER = 0.1;

function jittered(ms: number, random: () => number): number {
  return Math.round(ms * (1 - JITTER + 2 * JITTER * random()));
}

export function nextCheckDelay(intervalMs: number, random: () => number): number {
  return jittered(intervalMs, random);
}

export function retryDelay(failures: number, intervalMs: number, random: () => number): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  return jittered(Math.min(intervalMs, FIRST_RETRY_MS * 2 ** exponent), random);
}
