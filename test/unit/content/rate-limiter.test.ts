import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/content/rate-limiter';

const count = (take: () => boolean, n: number) => Array.from({ length: n }, take).filter(Boolean).length;

describe('rate limiter', () => {
  it('allows a burst, then refills at the set rate', () => {
    const limiter = createRateLimiter({ perSecond: 20, burst: 50, lifetime: 1000 });
    expect(count(() => limiter.take(0), 80)).toBe(50);
    expect(limiter.take(0)).toBe(false);
    expect(count(() => limiter.take(500), 20)).toBe(10);
    expect(count(() => limiter.take(60_000), 80)).toBe(50);
  });

  it('ignores a clock that goes backwards', () => {
    const limiter = createRateLimiter({ perSecond: 1, burst: 1, lifetime: 100 });
    expect(limiter.take(10_000)).toBe(true);
    expect(limiter.take(0)).toBe(false);
    expect(limiter.take(10_500)).toBe(false);
    expect(limiter.take(11_000)).toBe(true);
  });

  it('stops for good at the lifetime cap', () => {
    const limiter = createRateLimiter({ perSecond: 1000, burst: 10, lifetime: 25 });
    let admitted = 0;
    for (let t = 0; t < 100; t++) admitted += count(() => limiter.take(t * 1000), 10);
    expect(admitted).toBe(25);
  });
});
