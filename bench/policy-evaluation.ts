import { existsSync } from 'node:fs';
import type { PolicyInput } from '../src/core/policy/decision.ts';
import type * as EvaluateModule from '../src/core/policy/evaluate.ts';
import type * as LoadModule from '../src/core/policy/load-policy.ts';
import type { Policy } from '../src/core/policy/policy.ts';
import { sized } from './lib/bench-size.ts';
import { figure, type Figure } from './lib/figure.ts';
import { largePolicyYaml, policyInputs } from './lib/large-policy.ts';
import { ratePerSecond } from './lib/stats.ts';

/** The production path: the compiled JavaScript `npm run build` writes (npm run bench builds first). */
const COMPILED = new URL('../dist/core/policy/', import.meta.url);
if (!existsSync(new URL('evaluate.js', COMPILED))) {
  throw new Error('dist/ is missing: npm run bench runs `npm run build` first; run it, then the benchmark');
}
const { evaluatePolicy } = (await import(new URL('evaluate.js', COMPILED).href)) as typeof EvaluateModule;
const { loadPolicy } = (await import(new URL('load-policy.js', COMPILED).href)) as typeof LoadModule;

const RULES = 500;
const BASELINE_RULES = 15;
const INPUTS = 1000;
const MEASURE_MS = sized(3000, 500);
const WARMUP_MS = sized(1000, 200);

/** Evaluation rates of one policy: per second of this process's CPU time, and per wall-clock second. */
interface Rates {
  readonly perCpuSecond: number;
  readonly perWallSecond: number;
}

/**
 * Evaluates `inputs` against `policy` round-robin for `durationMs` of wall-clock time
 * after a warm-up, and divides the count by the CPU time this process used meanwhile
 * (user + system, garbage collection included) and by the wall time.
 */
function evaluationRates(policy: Policy, inputs: readonly PolicyInput[], durationMs: number): Rates {
  let sink = 0;
  const run = (ms: number): Rates => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    let count = 0;
    let elapsed = 0;
    while (elapsed < ms) {
      for (const input of inputs) sink += evaluatePolicy(policy, input).matchedRules.length;
      count += inputs.length;
      elapsed = performance.now() - started;
    }
    const used = process.cpuUsage(cpu);
    return {
      perCpuSecond: ratePerSecond(count, (used.user + used.system) / 1000),
      perWallSecond: ratePerSecond(count, elapsed),
    };
  };
  run(WARMUP_MS);
  const rates = run(durationMs);
  if (sink === 0)
    throw new Error('no evaluation matched any rule: the benchmark would time only the no-match path');
  return rates;
}

/**
 * Benchmark 5: policy evaluations per second, in this process, running the compiled
 * JavaScript of dist/ (the production path), with a generated
 * 500-rule policy (loaded and compiled as a policy file is) and 1,000 varied requests
 * evaluated round-robin for a few seconds after a warm-up. Baseline: the same
 * requests against the first 15 rules of the same generator, the size of
 * examples/policy.yaml. Prints the outcome mix so a policy that matches nothing shows.
 */
export function benchPolicyEvaluation(): Figure[] {
  const inputs = policyInputs(INPUTS);
  const large = loadPolicy(largePolicyYaml(RULES), 'bench');
  const small = loadPolicy(largePolicyYaml(BASELINE_RULES), 'bench');
  const outcomes: Record<string, number> = {};
  for (const input of inputs) {
    const outcome = evaluatePolicy(large, input).outcome;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  if ((outcomes.deny ?? 0) > inputs.length * 0.9)
    throw new Error(`the inputs are mostly denied: ${JSON.stringify(outcomes)}`);
  const ours = evaluationRates(large, inputs, MEASURE_MS);
  const floor = evaluationRates(small, inputs, MEASURE_MS);
  const show = (r: Rates): string =>
    `${Math.round(r.perCpuSecond)}/CPU-s (${Math.round(r.perWallSecond)}/wall-s)`;
  console.log(
    `  ${RULES} rules: ${show(ours)}; ${BASELINE_RULES} rules: ${show(floor)}; ` +
      `outcomes with ${RULES} rules: ${JSON.stringify(outcomes)}`,
  );
  return [
    figure({
      id: 'policy.evaluations',
      metric: `policy evaluations per CPU-second, ${RULES}-rule policy`,
      value: ours.perCpuSecond,
      unit: 'evaluations/s',
      comparator: '>=',
      target: 100_000,
      baseline: `same requests, ${BASELINE_RULES}-rule policy`,
      baselineValue: floor.perCpuSecond,
      samples: INPUTS,
    }),
    figure({
      id: 'policy.evaluations-vs-15-rules',
      metric: `policy evaluations per CPU-second, ${RULES}-rule policy ÷ the ${BASELINE_RULES}-rule rate`,
      value: ours.perCpuSecond / floor.perCpuSecond,
      unit: '×',
      comparator: '>=',
      target: 0.25,
      baseline: `same requests, ${BASELINE_RULES}-rule policy`,
      baselineValue: 1,
      samples: INPUTS,
    }),
  ];
}
