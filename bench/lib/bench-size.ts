/**
 * True when `BENCH_QUICK=1`: every benchmark runs a small fraction of its samples, to
 * check the wiring in seconds. Quick runs print their figures but never write
 * bench/results.json or bench/results.md.
 */
export const QUICK = process.env.BENCH_QUICK === '1';

/** `full` in a real run, `quick` under `BENCH_QUICK=1`. */
export function sized<T>(full: T, quick: T): T {
  return QUICK ? quick : full;
}
