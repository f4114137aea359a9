/** A sample of measurements reduced to the figures the benchmarks report. */
export interface Summary {
  readonly count: number;
  readonly min: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/**
 * The nearest-rank percentile of an ascending sample: the smallest value with at
 * least `p` percent of the sample at or below it (p50 of [1,2,3,4] is 2, p99 of 100
 * values is the 99th). Throws on an empty sample or a `p` outside 0–100, so a
 * benchmark never reports a percentile of nothing.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of an empty sample');
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile ${p} is outside 0-100`);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** Count, min, p50, p99, max and mean of `samples` (any order); throws when it is empty or holds a non-finite value. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  if (samples.some((value) => !Number.isFinite(value))) throw new Error('a sample is not a finite number');
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    min: sorted[0]!,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
    mean: total / sorted.length,
  };
}

/** Events per second: `count` events over `elapsedMs`; throws when nothing was timed. */
export function ratePerSecond(count: number, elapsedMs: number): number {
  if (!(elapsedMs > 0)) throw new Error(`cannot compute a rate over ${elapsedMs} ms`);
  return (count * 1000) / elapsedMs;
}
