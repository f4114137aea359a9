/** Which way a figure is better: `<=` lower is better (latency, memory), `>=` higher is better (rates). */
export type Comparator = '<=' | '>=';

/** One measured number as `bench/results.json` holds it, beside its baseline from the same run. */
export interface Figure {
  /** Stable key, e.g. `ack.c50.p99`. */
  readonly id: string;
  /** What was measured, in words. */
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** The goal from the issue, when one is set. */
  readonly target?: number;
  readonly comparator: Comparator;
  /** `value` meets `target` (present with `target`). */
  readonly met?: boolean;
  /** What the baseline is, or null when the figure has none. */
  readonly baseline: string | null;
  readonly baselineValue: number | null;
  /**
   * The unit of `baselineValue` (null with no baseline): a ratio's baseline is the
   * denominator, e.g. `ms`, not `×`.
   */
  readonly baselineUnit: string | null;
  /** How many measurements the figure summarizes. */
  readonly samples?: number;
}

/** The fields of a figure before rounding and the target check. */
export interface FigureInput {
  readonly id: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly comparator: Comparator;
  readonly target?: number;
  readonly baseline?: string;
  readonly baselineValue?: number;
  /** The unit of `baselineValue` when it differs from `unit` (a ratio's denominator); default `unit`. */
  readonly baselineUnit?: string;
  readonly samples?: number;
}

/** Three significant digits, enough for a table and stable across runs' noise. */
function round(value: number): number {
  return Number(value.toPrecision(3));
}

/** Below this many samples a p99 is simply the largest one, and is called so. */
export const MIN_SAMPLES_FOR_P99 = 100;

/** Renames a "p99" measured over fewer than 100 samples to what it is: the maximum of n. */
function honestPercentile(metric: string, samples: number | undefined): string {
  if (samples === undefined || samples >= MIN_SAMPLES_FOR_P99) return metric;
  return metric.replace(/\bp99\b/g, `max of ${samples} (too few for a p99)`);
}

/**
 * Builds a figure: rounds values to three significant digits, checks the target in
 * the comparator's direction on the unrounded value, names a p99 of fewer than 100
 * samples the maximum it is, and refuses a non-finite value, so nothing unmeasured
 * is ever reported.
 */
export function figure(input: FigureInput): Figure {
  if (!Number.isFinite(input.value)) throw new Error(`${input.id}: value ${input.value} was not measured`);
  if (input.baselineValue !== undefined && !Number.isFinite(input.baselineValue)) {
    throw new Error(`${input.id}: baseline ${input.baselineValue} was not measured`);
  }
  const value = round(input.value);
  const met =
    input.target === undefined
      ? undefined
      : input.comparator === '<='
        ? input.value <= input.target
        : input.value >= input.target;
  return {
    id: input.id,
    metric: honestPercentile(input.metric, input.samples),
    value,
    unit: input.unit,
    ...(input.target !== undefined ? { target: input.target } : {}),
    comparator: input.comparator,
    ...(met !== undefined ? { met } : {}),
    baseline: input.baseline ?? null,
    baselineValue: input.baselineValue === undefined ? null : round(input.baselineValue),
    baselineUnit: input.baselineValue === undefined ? null : (input.baselineUnit ?? input.unit),
    ...(input.samples !== undefined ? { samples: input.samples } : {}),
  };
}
