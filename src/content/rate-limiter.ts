// A page can make the hook report as often as it likes (compile a thousand suspicious
// modules); the background must not pay for that. Token bucket plus a lifetime cap, per frame.

export interface RateLimitOptions {
  perSecond: number;
  burst: number;
  lifetime: number;
}

export const FRAME_RATE_LIMIT: RateLimitOptions = { perSecond: 20, burst: 50, lifetime: 500 };

export interface RateLimiter {
  /** Spends one token at time `now` (ms); false when the bucket is empty or the lifetime cap is used up. */
  take(now: number): boolean;
}

export function createRateLimiter({ perSecond, burst, lifetime }: RateLimitOptions): RateLimiter {
  let tokens = burst;
  let last: number | null = null;
  let spent = 0;
  return {
    take(now) {
      if (spent >= lifetime) return false;
      if (last !== null && now > last) tokens = Math.min(burst, tokens + ((now - last) / 1000) * perSecond);
      if (last === null || now > last) last = now;
      if (tokens < 1) return false;
      tokens -= 1;
      spent += 1;
      return true;
    },
  };
}
