import { existsSync } from 'node:fs';
import type { PolicyInput } from '../src/core/policy/decision.ts';
import type * as EvaluateModule from '../src/core/policy/evaluate.ts';
import type * as LoadModule from '../src/core/policy/load-policy.ts';
import type { Policy } from '../src/core/policy/policy.ts';
import { sized } from './lib/bench-size.ts';
import { figure, type Figure } from './lib/figure.ts';
import { largePolicyYaml, policyInputs, TEAMS } from './lib/large-policy.ts';
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

/** Teams whose rules make up the baseline policy of the ratio. */
const BASELINE_TEAMS = BASELINE_RULES / (RULES / TEAMS);

/**
 * Throws unless `small` decides every input exactly as `large` does: the ratio's two
 * policies must differ only by rules that cannot match its requests.
 */
function assertSameDecisions(large: Policy, small: Policy, inputs: readonly PolicyInput[]): void {
  for (const input of inputs) {
    const a = JSON.stringify(evaluatePolicy(large, input));
    const b = JSON.stringify(evaluatePolicy(small, input));
    if (a !== b) throw new Error(`the ${BASELINE_RULES}-rule baseline decides differently: ${a} vs ${b}`);
  }
}

/**
 * Benchmark 5: policy evaluations per CPU-second, in this process, running the compiled
 * JavaScript of dist/ (the production path), with a generated 500-rule policy over 100
 * teams (loaded and compiled as a policy file is) and 1,000 varied requests evaluated
 * round-robin for a few seconds after a warm-up.
 *
 * Two figures. The rate: varied requests over 120 teams (a sixth match no rule) against
 * 500 rules, beside the same requests against the first 15 rules. The ratio, which is
 * what "cost must not grow with rules that cannot match" means: requests to 3 teams
 * against the 500 rules, divided by the same requests against the 15 of those rules
 * that name the 3 teams (the size of examples/policy.yaml) — the two policies decide
 * every one of those requests identically (checked), so the ratio is the price of the
 * 485 rules that cannot match. Comparing with the first 15 rules instead would set a
 * policy that denies most requests unread against one that matches them. Prints the
 * outcome mix so a policy that matches nothing shows.
 */
export function benchPolicyEvaluation(): Figure[] {
  const inputs = policyInputs(INPUTS);
  const large = loadPolicy(largePolicyYaml(RULES), 'bench');
  const first = loadPolicy(largePolicyYaml(BASELINE_RULES), 'bench');
  const teamInputs = policyInputs(INPUTS, BASELINE_TEAMS);
  const teamRules = loadPolicy(
    largePolicyYaml(RULES, (rule) => rule % TEAMS < BASELINE_TEAMS),
    'bench',
  );
  if (teamRules.rules.length !== BASELINE_RULES) {
    throw new Error(`the baseline policy has ${teamRules.rules.length} rules, not ${BASELINE_RULES}`);
  }
  assertSameDecisions(large, teamRules, teamInputs);
  const outcomes: Record<string, number> = {};
  for (const input of inputs) {
    const outcome = evaluatePolicy(large, input).outcome;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  if ((outcomes.deny ?? 0) > inputs.length * 0.9)
    throw new Error(`the inputs are mostly denied: ${JSON.stringify(outcomes)}`);
  const ours = evaluationRates(large, inputs, MEASURE_MS);
  const floor = evaluationRates(first, inputs, MEASURE_MS);
  const oursTeams = evaluationRates(large, teamInputs, MEASURE_MS);
  const floorTeams = evaluationRates(teamRules, teamInputs, MEASURE_MS);
  const show = (r: Rates): string =>
    `${Math.round(r.perCpuSecond)}/CPU-s (${Math.round(r.perWallSecond)}/wall-s)`;
  console.log(
    `  ${RULES} rules: ${show(ours)}; first ${BASELINE_RULES} rules: ${show(floor)}; ` +
      `outcomes with ${RULES} rules: ${JSON.stringify(outcomes)}`,
  );
  console.log(
    `  requests to ${BASELINE_TEAMS} teams: ${RULES} rules ${show(oursTeams)}; ` +
      `the ${BASELINE_RULES} rules naming those teams ${show(floorTeams)}`,
  );
  return [
    figure({
      id: 'policy.evaluations',
      metric: `policy evaluations per CPU-second, ${RULES}-rule policy`,
      value: ours.perCpuSecond,
      unit: 'evaluations/s',
      comparator: '>=',
      target: 100_000,
      baseline: `same requests, the first ${BASELINE_RULES} rules`,
      baselineValue: floor.perCpuSecond,
      samples: INPUTS,
    }),
    figure({
      id: 'policy.evaluations-vs-15-rules',
      metric:
        `policy evaluations per CPU-second, ${RULES}-rule policy ÷ the rate with only the ` +
        `${BASELINE_RULES} of its rules that can match (requests to ${BASELINE_TEAMS} teams)`,
      value: oursTeams.perCpuSecond / floorTeams.perCpuSecond,
      unit: '×',
      comparator: '>=',
      target: 0.25,
      baseline: `same requests, the ${BASELINE_RULES} rules naming their teams (same decisions, checked)`,
      baselineValue: floorTeams.perCpuSecond,
      baselineUnit: 'evaluations/s',
      samples: INPUTS,
    }),
  ];
}
