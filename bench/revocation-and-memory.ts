import { setTimeout as sleep } from 'node:timers/promises';
import type { ComposedWorkflow } from '../src/app/compose-workflow.ts';
import { sized } from './lib/bench-size.ts';
import { freshPrefix, type BenchStack } from './lib/bench-stack.ts';
import { BENCH_NAMESPACES } from './lib/bench-workspace.ts';
import { watchBindingDeletions } from './lib/binding-watch.ts';
import type { CountersignProcess } from './lib/countersign-process.ts';
import { figure, type Figure } from './lib/figure.ts';
import type { RetryCounter } from './lib/contention-retry.ts';
import { seedGrants } from './lib/grant-fleet.ts';
import { waitForIdleQueue } from './lib/queue-idle.ts';
import { PENDING_TARGETS, resetPeakRss, runSweep, scrapeActiveGrants, seedPending } from './memory.ts';
import {
  measureRevocation,
  rawBindingRates,
  revocationFigures,
  type RevocationResult,
} from './revocation-lateness.ts';

const SMALL = sized(1000, 50);
const LARGE = sized(10_000, 200);
const PENDING = sized(1000, 40);
const WINDOW_MS = sized(60_000, 10_000);
const SEED_CONCURRENCY = 8;
const HOLD_MS = sized(20_000, 3000);
const MB = (value: number): string => `${value.toFixed(0)} MB`;
const sizeLabel = (size: number): string => (size % 1000 === 0 ? `${size / 1000}k` : String(size));

/** Fixture writes retried after `audit_contention`, reported at the end of the phase. */
const retries: RetryCounter = { retries: 0 };

interface Burst {
  readonly result: RevocationResult;
  /** Grants seeded per second, for planning the next burst. */
  readonly seedRate: number;
}

/**
 * Seeds `size` grants expiring over the window into their own namespace, runs
 * `beforeWindow` once they are all in force (and the deletion watch runs), then
 * measures their revocation. The window opens far enough ahead for the seeding to
 * finish at `seedRate` with 60 % slack; if seeding still overruns it, this fails
 * rather than measure grants created after their own expiry.
 */
async function burst(
  stack: BenchStack,
  workflow: ComposedWorkflow,
  size: number,
  seedRate: number,
  reserveMs: number,
  beforeWindow: (firstExpiryMs: number) => Promise<void> = () => Promise.resolve(),
): Promise<Burst> {
  const namespace = `${BENCH_NAMESPACES.grants}-${size}`;
  await stack.cp.kubectl(['create', 'namespace', namespace]);
  const firstExpiryMs = Date.now() + (size / seedRate) * 1600 + reserveMs + 5000;
  console.log(
    `  seeding ${size} grants; the first expires in ${((firstExpiryMs - Date.now()) / 1000).toFixed(0)} s`,
  );
  const started = performance.now();
  const grants = await seedGrants(workflow.deps, {
    namespace,
    count: size,
    firstExpiryMs,
    spreadMs: WINDOW_MS,
    concurrency: SEED_CONCURRENCY,
    retries,
  });
  const seededMs = performance.now() - started;
  const watch = await watchBindingDeletions(stack.admin, namespace);
  const firstExpiry = Math.min(...grants.map((g) => g.expiresAt));
  const marginMs = firstExpiry - Date.now();
  if (marginMs < 1000) {
    watch.stop();
    throw new Error(
      `seeding ${size} grants took ${(seededMs / 1000).toFixed(0)} s and overran their expiry window`,
    );
  }
  console.log(`  seeded in ${(seededMs / 1000).toFixed(1)} s (${((size * 1000) / seededMs).toFixed(0)}/s)`);
  try {
    await beforeWindow(firstExpiry);
    const result = await measureRevocation(workflow.deps, grants, watch, 900_000);
    const { lateness, recordLateness } = result;
    console.log(
      `  ${size} grants over ${WINDOW_MS / 1000} s: lateness p50 ${lateness.p50.toFixed(2)} p99 ${lateness.p99.toFixed(2)} ` +
        `max ${lateness.max.toFixed(2)} s (record's expired time p99 ${recordLateness.p99.toFixed(2)} s); ` +
        `${result.early} removed before expiresAt; ${result.rate.toFixed(0)} revocations/s`,
    );
    return { result, seedRate: (size * 1000) / seededMs };
  } finally {
    watch.stop();
  }
}

/**
 * Benchmarks 3 and 6 on one fresh `countersign start` (Slack in HTTP mode, default
 * concurrency and sweep interval): its idle RSS; revocation lateness of 1,000 grants
 * expiring over one minute; then, with the peak-RSS mark reset, 1,000 pending requests
 * (cards posted by its worker) and 10,000 active grants seeded, /metrics scraped and a
 * full sweep run — its peak RSS holding them — and finally the lateness of those
 * 10,000 grants expiring over one minute, beside the API server's own delete rate.
 */
export async function benchRevocationAndMemory(stack: BenchStack): Promise<Figure[]> {
  const prefix = freshPrefix('fleet');
  await stack.createDeployments(BENCH_NAMESPACES.memory, PENDING_TARGETS, 1);
  const countersign: CountersignProcess = await stack.startCountersign('start', prefix);
  const workflow = stack.compose(prefix);
  try {
    await sleep(5000);
    await scrapeActiveGrants(countersign);
    await runSweep(workflow, 60_000);
    await sleep(5000);
    const idle = countersign.memory();
    console.log(`  idle countersign start: RSS ${MB(idle.rssMb)}, peak since start ${MB(idle.peakRssMb)}`);

    const raw = await rawBindingRates(stack, sized(400, 40), 8);
    console.log(
      `  API server, direct client-node, 8 in flight: ${raw.createsPerSecond.toFixed(0)} RoleBinding creates/s, ` +
        `${raw.deletesPerSecond.toFixed(0)} deletes/s`,
    );

    const small = await burst(stack, workflow, SMALL, raw.createsPerSecond / 2, 0);
    const lifetimePeakBefore = countersign.memory().peakRssMb;

    resetPeakRss(countersign.pid);
    const pendingStarted = performance.now();
    await seedPending(workflow, PENDING, retries);
    await waitForIdleQueue(workflow, 600_000);
    console.log(
      `  ${PENDING} pending requests filed and their cards posted in ${((performance.now() - pendingStarted) / 1000).toFixed(1)} s`,
    );
    let held = { rssMb: 0, peakRssMb: 0 };
    let active = 0;
    let sweepMs = 0;
    const large = await burst(
      stack,
      workflow,
      LARGE,
      small.seedRate,
      HOLD_MS + 30_000,
      async (firstExpiry) => {
        const holdStarted = performance.now();
        for (let i = 0; i < 5; i++) active = await scrapeActiveGrants(countersign);
        sweepMs = await runSweep(workflow, 300_000);
        await sleep(Math.max(0, HOLD_MS - (performance.now() - holdStarted)));
        active = await scrapeActiveGrants(countersign);
        held = countersign.memory();
        resetPeakRss(countersign.pid);
        if (Date.now() > firstExpiry) {
          console.log(
            `  note: the hold ended ${((Date.now() - firstExpiry) / 1000).toFixed(1)} s into the expiry window`,
          );
        }
      },
    );
    const revoking = countersign.memory();
    if (active < LARGE)
      throw new Error(`/metrics showed ${active} active grants, expected at least ${LARGE}`);
    const lifetimePeak = Math.max(lifetimePeakBefore, held.peakRssMb, revoking.peakRssMb);
    console.log(
      `  holding ${active} active grants and ${PENDING} pending requests: RSS ${MB(held.rssMb)}, ` +
        `peak ${MB(held.peakRssMb)} (lifetime peak ${MB(lifetimePeak)}); full sweep ${(sweepMs / 1000).toFixed(1)} s; ` +
        `peak while revoking ${MB(revoking.peakRssMb)}`,
    );
    console.log(`  fixture writes retried after audit_contention: ${retries.retries}`);
    const baseline = 'idle countersign start (no requests), peak RSS since start';
    return [
      ...revocationFigures(small.result, sizeLabel(SMALL), WINDOW_MS / 1000),
      // 10,000 in a minute: its target is the rate, beside the slower of direct deletes and the expiry schedule; lateness ≤ 1 s is the 10-minute run’s.
      ...revocationFigures(large.result, sizeLabel(LARGE), WINDOW_MS / 1000, {
        rawDeleteRate: raw.deletesPerSecond,
      }),
      figure({
        id: 'memory.peak-rss',
        metric: `peak RSS of countersign start over its whole life (idle, seeding, holding ${LARGE} grants + ${PENDING} pending, revoking them)`,
        value: lifetimePeak,
        unit: 'MB',
        comparator: '<=',
        target: 250,
        baseline,
        baselineValue: idle.peakRssMb,
      }),
      figure({
        id: 'memory.idle-peak-rss',
        metric: 'peak RSS of an idle countersign start (no requests; one sweep and /metrics scrapes)',
        value: idle.peakRssMb,
        unit: 'MB',
        comparator: '<=',
        target: 150,
      }),
      figure({
        id: 'memory.peak-rss-holding',
        metric: `peak RSS of countersign start while the benchmark filed ${PENDING} pending requests and ${LARGE} grants through its store and it held them (its worker posting cards, a full sweep, /metrics)`,
        value: held.peakRssMb,
        unit: 'MB',
        comparator: '<=',
        baseline,
        baselineValue: idle.peakRssMb,
      }),
      figure({
        id: 'memory.peak-rss-revoking',
        metric: `peak RSS of countersign start while revoking ${LARGE} grants`,
        value: revoking.peakRssMb,
        unit: 'MB',
        comparator: '<=',
        target: 300,
        baseline,
        baselineValue: idle.peakRssMb,
      }),
      figure({
        id: 'memory.audit-contention-retries',
        metric:
          'fixture writes the audit chain refused with audit_contention and the benchmark tried again (seeding)',
        value: retries.retries,
        unit: 'retries',
        comparator: '<=',
      }),
    ];
  } catch (error) {
    console.log(`  countersign start log (last lines):\n${countersign.tail(20)}`);
    throw error;
  } finally {
    await workflow.close();
    await countersign.stop();
  }
}
