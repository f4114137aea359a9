// `npm run bench`: measures Countersign's speed, scale and memory against a private
// Redis and a real control plane, each figure beside a baseline measured in the same
// run, and writes bench/results.json and bench/results.md. Not part of `npm test`.
// Options: `--only policy,ack,effect,throughput,fleet,proxy,longrun` runs some benchmarks (results
// are then printed, not written); BENCH_QUICK=1 runs tiny versions to check the wiring;
// BENCH_CPU_PROF=DIR has every countersign process write a V8 CPU profile to DIR as it exits.
import { writeFileSync } from 'node:fs';
import { ACK_DEPLOYMENT, benchAckLatency } from './ack-latency.ts';
import { benchApprovalToEffect, EFFECT_DEPLOYMENTS } from './approval-to-effect.ts';
import { QUICK } from './lib/bench-size.ts';
import { freshPrefix, startBenchStack, type BenchStack } from './lib/bench-stack.ts';
import { BENCH_NAMESPACES } from './lib/bench-workspace.ts';
import { figure, type Figure } from './lib/figure.ts';
import { describeMachine, loadNow } from './lib/machine.ts';
import { resultsMarkdown, type RunReport } from './lib/results-table.ts';
import { benchKubeProxy } from './kube-proxy.ts';
import { benchLongRun } from './long-run.ts';
import { benchPolicyEvaluation } from './policy-evaluation.ts';
import { benchRevocationAndMemory } from './revocation-and-memory.ts';
import { benchThroughput, throughputDeployments } from './throughput.ts';

type PhaseName = 'policy' | 'ack' | 'effect' | 'throughput' | 'fleet' | 'proxy' | 'longrun';
const PHASES: readonly PhaseName[] = ['policy', 'ack', 'effect', 'throughput', 'fleet', 'proxy', 'longrun'];
const TITLES: Record<PhaseName, string> = {
  policy: '5. policy evaluation',
  ack: '1. /k8s-request ack latency',
  effect: '2. approval to effect',
  throughput: '4. throughput',
  fleet: '3 and 6. revocation lateness and memory',
  proxy: '7. kubectl proxy (issue 14)',
  longrun: '8. the 10-minute run: revocation lateness, flat RSS, Redis keys (issue 16)',
};

function selectedPhases(): readonly PhaseName[] {
  const at = process.argv.indexOf('--only');
  if (at < 0) return PHASES;
  const wanted = (process.argv[at + 1] ?? '').split(',');
  const unknown = wanted.filter((w) => !PHASES.includes(w as PhaseName));
  if (unknown.length > 0) throw new Error(`--only: unknown ${unknown.join(', ')}; use ${PHASES.join(',')}`);
  return PHASES.filter((p) => wanted.includes(p));
}

const phases = selectedPhases();
const started = performance.now();
const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const machine = describeMachine();
const figures: Figure[] = [];
const load: RunReport['load'][number][] = [];
const notMeasured: RunReport['notMeasured'][number][] = [];
console.log(
  `bench: ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.cpuModel}, Node ${machine.node}; ` +
    `load ${loadNow()}${QUICK ? '; QUICK run: tiny samples, nothing is written' : ''}`,
);

async function phase(name: PhaseName, run: () => Promise<Figure[]> | Figure[]): Promise<void> {
  if (!phases.includes(name)) return;
  load.push({ phase: TITLES[name], load: loadNow() });
  console.log(`\n== ${TITLES[name]} (load ${loadNow()})`);
  const phaseStarted = performance.now();
  try {
    const measured = await run();
    figures.push(...measured);
    for (const f of measured) {
      const target =
        f.target === undefined ? '' : `  target ${f.comparator} ${f.target}: ${f.met ? 'met' : 'MISSED'}`;
      const base =
        f.baselineValue === null
          ? ''
          : `  (baseline ${f.baselineValue} ${f.baselineUnit ?? f.unit}: ${f.baseline})`;
      console.log(`  ${f.id} = ${f.value} ${f.unit}${base}${target}`);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    notMeasured.push({ phase: TITLES[name], reason });
    console.error(
      `\n!! ${TITLES[name]} FAILED — NOT MEASURED, no number reported:\n${error instanceof Error ? error.stack : reason}\n`,
    );
  }
  console.log(`  (${((performance.now() - phaseStarted) / 1000).toFixed(0)} s)`);
}

await phase('policy', () => benchPolicyEvaluation());

let stack: BenchStack | undefined;
if (phases.some((p) => p !== 'policy')) {
  console.log('\nstarting redis-server, etcd + kube-apiserver, fake Slack...');
  stack = await startBenchStack();
}
try {
  if (stack && phases.some((p) => p === 'ack' || p === 'effect' || p === 'throughput')) {
    const s = stack;
    await s.createDeployments(BENCH_NAMESPACES.ack, [ACK_DEPLOYMENT], 2);
    await s.createDeployments(BENCH_NAMESPACES.effect, Object.values(EFFECT_DEPLOYMENTS), 1);
    await s.createDeployments(BENCH_NAMESPACES.throughput, throughputDeployments(), 1);
    const prefix = freshPrefix('serve');
    const countersign = await s.startCountersign('start', prefix);
    const workflow = s.compose(prefix);
    console.log(`countersign start (pid ${countersign.pid}) at ${countersign.url}, Slack in HTTP mode`);
    try {
      await phase('ack', () => benchAckLatency(s, countersign, workflow));
      await phase('effect', () => benchApprovalToEffect(s, countersign, workflow));
      await phase('throughput', () => benchThroughput(s, countersign, workflow, prefix));
    } finally {
      await workflow.close();
      await countersign.stop();
    }
  }
  const fleetStack = stack;
  if (fleetStack) await phase('fleet', () => benchRevocationAndMemory(fleetStack));
  const proxyStack = stack;
  if (proxyStack) await phase('proxy', () => benchKubeProxy(proxyStack));
  const longRunStack = stack;
  if (longRunStack) await phase('longrun', () => benchLongRun(longRunStack));
  if (stack) {
    const refusals = stack.slack.refusals();
    if (refusals.length > 0)
      console.log(`\nfake Slack refused ${refusals.length} calls, e.g. ${refusals.slice(0, 3).join('; ')}`);
    figures.push(
      figure({
        id: 'slack.refusals',
        metric: 'Slack API calls the fake Slack refused (rate limits, bad shapes) over the whole run',
        value: refusals.length,
        unit: 'calls',
        comparator: '<=',
      }),
    );
  }
} finally {
  await stack?.stop(notMeasured.length > 0);
}

const report: RunReport = {
  machine,
  startedAt,
  minutes: (performance.now() - started) / 60_000,
  load,
  figures,
  notMeasured,
};
const markdown = resultsMarkdown(report);
console.log(`\n${markdown}`);
if (!QUICK && phases.length === PHASES.length) {
  const rows = [
    ...figures,
    ...notMeasured.map(({ phase, reason }) => ({
      id: `not-measured.${phase}`,
      metric: phase,
      value: null,
      unit: null,
      comparator: null,
      baseline: null,
      baselineValue: null,
      baselineUnit: null,
      notMeasured: reason.split('\n')[0],
    })),
  ];
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(rows, null, 2)}\n`);
  writeFileSync(new URL('./results.md', import.meta.url), markdown);
  console.log('wrote bench/results.json and bench/results.md');
}
if (notMeasured.length > 0) {
  console.error(
    `bench: ${notMeasured.length} benchmark(s) NOT MEASURED: ${notMeasured.map((n) => n.phase).join('; ')}`,
  );
  process.exitCode = 1;
}
