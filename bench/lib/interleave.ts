import { median, p95 } from './stats';

// Other processes share this machine, so contenders run in alternating order within each
// round: a slow spell then hits every contender alike, and medians discard the outliers.

export interface Contender { name: string; run: () => unknown }
export interface Timing { name: string; samples: number[]; medianMs: number; p95Ms: number; callsPerSample: number }

/** Repetitions per sample so that one sample lasts at least `minSampleMs` (timer resolution). */
function calibrate(run: () => unknown, minSampleMs: number): number {
  let reps = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) run();
    const ms = performance.now() - t;
    if (ms >= minSampleMs || reps >= 1 << 20) return reps;
    reps = ms <= 0 ? reps * 16 : Math.min(reps * 16, Math.ceil((reps * minSampleMs * 1.2) / ms));
  }
}

export interface InterleaveOptions { rounds: number; warmup?: number; minSampleMs?: number }

/** Times every contender `rounds` times; each sample is reported as the time of one call. */
export function interleave(contenders: Contender[], opts: InterleaveOptions): Timing[] {
  const minSampleMs = opts.minSampleMs ?? 2;
  for (let w = 0; w < (opts.warmup ?? 2); w++) for (const c of contenders) c.run();
  const reps = contenders.map((c) => calibrate(c.run, minSampleMs));
  const samples = contenders.map(() => [] as number[]);
  for (let r = 0; r < opts.rounds; r++) {
    for (let k = 0; k < contenders.length; k++) {
      // Odd rounds run in reverse order, and the order shifts every two rounds, so no
      // contender always goes first (cold caches) or right after a heavy one (GC debt).
      const n0 = contenders.length;
      const i = ((r % 2 === 0 ? k : n0 - 1 - k) + Math.floor(r / 2)) % n0;
      const c = contenders[i];
      const n = reps[i];
      const t = performance.now();
      for (let j = 0; j < n; j++) c.run();
      samples[i].push((performance.now() - t) / n);
    }
  }
  return contenders.map((c, i) => ({
    name: c.name, samples: samples[i], medianMs: median(samples[i]), p95Ms: p95(samples[i]), callsPerSample: reps[i],
  }));
}

/** One-shot costs (building a matcher, compiling a list): median of a few fresh runs. */
export function timeRepeated<T>(runs: number, fn: () => T): { medianMs: number; p95Ms: number; result: T } {
  const samples: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = fn();
    samples.push(performance.now() - t);
  }
  return { medianMs: median(samples), p95Ms: p95(samples), result };
}
