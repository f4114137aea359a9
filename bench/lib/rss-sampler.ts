import type { ProcessMemory } from './proc-memory.ts';

/** RSS readings of one process taken at a fixed interval. */
export interface RssSampler {
  /** `[ms since the sampler started, RSS in MB]`, in order. */
  readonly samples: readonly (readonly [number, number])[];
  stop(): void;
}

/** Reads `memory()` now and every `everyMs` until stopped; a reading that throws (process gone) ends sampling. */
export function sampleRss(memory: () => ProcessMemory, everyMs: number): RssSampler {
  const started = performance.now();
  const samples: [number, number][] = [];
  const read = (): void => {
    try {
      samples.push([performance.now() - started, memory().rssMb]);
    } catch {
      clearInterval(timer);
    }
  };
  const timer = setInterval(read, everyMs);
  read();
  return { samples, stop: () => clearInterval(timer) };
}

/** The median of `values`; throws on none, so an empty window is never reported as a number. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
