import type { Figure } from './figure.ts';
import type { Machine } from './machine.ts';

/** What the markdown report says besides the figures. */
export interface RunReport {
  readonly machine: Machine;
  readonly startedAt: string;
  readonly minutes: number;
  /** Phase name → 1-minute load average when it started. */
  readonly load: readonly { readonly phase: string; readonly load: number }[];
  readonly figures: readonly Figure[];
  /** Benchmarks that failed and so report no number, with why. */
  readonly notMeasured: readonly { readonly phase: string; readonly reason: string }[];
}

function show(value: number, unit: string): string {
  const text = Math.abs(value) >= 10_000 ? Math.round(value).toLocaleString('en-US') : String(value);
  return unit === '×' ? `${text}×` : `${text} ${unit}`;
}

function targetCell(f: Figure): string {
  if (f.target === undefined) return '';
  const goal = `${f.comparator === '<=' ? '≤' : '≥'} ${show(f.target, f.unit)}`;
  return `${goal} ${f.met ? '✅ met' : '❌ missed'}`;
}

/**
 * The results as a markdown section: the machine and its load, then one row per
 * figure with its baseline from the same run, its target and how many measurements
 * it summarizes (a p99 of fewer than 100 is the largest of them), then any benchmark
 * that did not produce a number, named as such.
 */
export function resultsMarkdown(report: RunReport): string {
  const { machine } = report;
  const lines = [
    '## Benchmark results',
    '',
    `\`npm run bench\`, ${report.startedAt}, ${report.minutes.toFixed(1)} minutes. ` +
      `Machine: ${machine.cores} cores (\`nproc\`), ${machine.memoryGb} GB memory, ${machine.cpuModel}, ` +
      `Node ${machine.node}, Linux ${machine.kernel}.`,
    '',
    `1-minute load average when each benchmark started (the machine is shared; ${machine.cores} cores means a load above ${machine.cores} is queueing): ` +
      report.load.map((l) => `${l.phase} ${l.load}`).join(', ') +
      '.',
    '',
    '| figure | value | baseline (same run) | target | n |',
    '|---|---|---|---|---|',
    ...report.figures.map((f) => {
      const baseline =
        f.baselineValue === null
          ? ''
          : `${show(f.baselineValue, f.baselineUnit ?? f.unit)} — ${f.baseline ?? ''}`;
      return `| ${f.metric} | ${show(f.value, f.unit)} | ${baseline} | ${targetCell(f)} | ${f.samples ?? ''} |`;
    }),
  ];
  if (report.notMeasured.length > 0) {
    lines.push('', '**Not measured** (these benchmarks failed; no number is reported for them):', '');
    for (const { phase, reason } of report.notMeasured) lines.push(`- ${phase}: ${reason.split('\n')[0]}`);
  }
  return `${lines.join('\n')}\n`;
}
