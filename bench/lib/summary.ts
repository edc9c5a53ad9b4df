import { median, p95 } from './stats';

export interface Summary { n: number; median: number; p95: number }

export function summarize(samples: readonly number[]): Summary {
  return { n: samples.length, median: median(samples), p95: p95(samples) };
}

/** with ÷ without, by medians; NaN when the baseline is zero or missing. */
export function ratioOf(withIt: Summary, without: Summary): number {
  return without.median > 0 ? withIt.median / without.median : NaN;
}
