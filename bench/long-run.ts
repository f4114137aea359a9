import { setTimeout as sleep } from 'node:timers/promises';
import { JOB_LANES, laneQueueName } from '../src/adapters/queue/job-lanes.ts';
import type { ComposedWorkflow } from '../src/app/compose-workflow.ts';
import { SLACK_EVENTS_PATH } from '../src/adapters/slack/slack-app.ts';
import { parseCommand } from '../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../src/core/requests/request-types.ts';
import { submitRequest } from '../src/core/workflow/submit-request.ts';
import { sized } from './lib/bench-size.ts';
import { freshPrefix, type BenchStack } from './lib/bench-stack.ts';
import { BENCH_NAMESPACES, principalOf } from './lib/bench-workspace.ts';
import { watchBindingDeletions } from './lib/binding-watch.ts';
import { withContentionRetry, type RetryCounter } from './lib/contention-retry.ts';
import type { CountersignProcess } from './lib/countersign-process.ts';
import { figure, type Figure } from './lib/figure.ts';
import { seedGrants } from './lib/grant-fleet.ts';
import { waitForIdleQueue } from './lib/queue-idle.ts';
import { redisCensus, type RedisCensus } from './lib/redis-census.ts';
import { median, sampleRss, type RssSampler } from './lib/rss-sampler.ts';
import { signedPost } from './lib/signed-post.ts';
import { approveClick, waitForCard } from './lib/slack-clicks.ts';
import { measureRevocation } from './revocation-lateness.ts';

const GRANTS = sized(10_000, 300);
const WINDOW_MS = sized(600_000, 90_000);
/** Seeding runs in expiry order; the first grant expires this long after it starts, or later (see `leadMs`). */
const MIN_LEAD_MS = sized(60_000, 20_000);
/** Seeding pace the lead is planned for; slower seeding overlaps the window's start, which stays correct. */
const PLANNED_SEED_RATE = 40;
const SEED_CONCURRENCY = 8;
/** One mix step (a filing, then for two of three an approval click) this often. */
const MIX_EVERY_MS = 1000;
/** Grants of the mix last this long, so they too expire inside the window. */
const MIX_GRANT_SECONDS = sized(60, 20);
const SAMPLE_EVERY_MS = sized(5000, 2000);
/** RSS before this far into the window (and 30 s after seeding ends) is warm-up. */
const WARMUP_MS = sized(120_000, 15_000);
/** The spans whose median RSS is compared: just after warm-up, and the end of the window. */
const RSS_SPAN_MS = sized(60_000, 10_000);
const CARD_TIMEOUT_MS = 120_000;
const MIX_DEPLOYMENTS = Array.from({ length: 10 }, (_, i) => `lr-${i}`);

/** Fixture writes retried after `audit_contention`. */
const retries: RetryCounter = { retries: 0 };

interface Mix {
  filed: number;
  approved: number;
  failures: number;
  firstError?: string;
}

/**
 * The long-run check of issue 16: one `countersign start` holds GRANTS grants
 * (seeded through the workflow, in expiry order) that expire evenly over
 * WINDOW_MS while, every second, the benchmark files a request (scale actions and
 * short grants) and approves two of three with a signed Slack click, so cards are
 * posted and updated, actions run and the mix's own grants expire too. Measured:
 * revocation lateness of the seeded grants (deletion seen by an independent watch −
 * `expiresAt`); the process's RSS every few seconds, growth after warm-up as the
 * median of the window's last minute over the median of the minute after warm-up;
 * and Redis keys under the run's prefix at the start and once everything ended,
 * sorted into live state (records and their keys, due jobs, queue structure),
 * finished jobs kept by their retention bound, keys with a TTL, and the rest.
 */
export async function benchLongRun(stack: BenchStack): Promise<Figure[]> {
  const prefix = freshPrefix('longrun');
  const grantsNamespace = `${BENCH_NAMESPACES.grants}-longrun`;
  const mixGrantsNamespace = `${BENCH_NAMESPACES.grants}-longrun-mix`;
  await stack.createDeployments(BENCH_NAMESPACES.longRun, MIX_DEPLOYMENTS, 1);
  await stack.cp.kubectl(['create', 'namespace', grantsNamespace]);
  await stack.cp.kubectl(['create', 'namespace', mixGrantsNamespace]);
  const countersign = await stack.startCountersign('start', prefix);
  const workflow = stack.compose(prefix);
  const queues = JOB_LANES.map((lane) => laneQueueName(workflow.queueSettings.queueName, lane));
  let rss: RssSampler | undefined;
  try {
    await sleep(5000);
    const before = await redisCensus(workflow.redis, prefix, queues);
    const leadMs = Math.max(MIN_LEAD_MS, (GRANTS * 1000) / PLANNED_SEED_RATE);
    const windowStart = Date.now() + leadMs;
    const watch = await watchBindingDeletions(stack.admin, grantsNamespace);
    rss = sampleRss(() => countersign.memory(), SAMPLE_EVERY_MS);
    const sampleZero = Date.now();
    console.log(
      `  seeding ${GRANTS} grants expiring over ${WINDOW_MS / 1000} s from ${(leadMs / 1000).toFixed(0)} s on`,
    );
    const seedStarted = performance.now();
    const grants = await seedGrants(workflow.deps, {
      namespace: grantsNamespace,
      count: GRANTS,
      firstExpiryMs: windowStart,
      spreadMs: WINDOW_MS,
      concurrency: SEED_CONCURRENCY,
      retries,
    });
    const seededAt = Date.now();
    console.log(
      `  seeded in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s ` +
        `(${seededAt > windowStart ? `${((seededAt - windowStart) / 1000).toFixed(0)} s into` : 'before'} the window)`,
    );
    const windowEnd = Math.max(...grants.map((g) => g.expiresAt));
    await sleep(Math.max(0, Math.min(...grants.map((g) => g.expiresAt)) - Date.now()));
    const mix = await runMix(stack, countersign, workflow, mixGrantsNamespace, windowEnd);
    console.log(
      `  mix: ${mix.filed} filed, ${mix.approved} approved, ${mix.failures} failed${mix.firstError ? ` (first: ${mix.firstError})` : ''}`,
    );
    rss.stop();
    const result = await measureRevocation(workflow.deps, grants, watch, 300_000);
    watch.stop();
    await waitForNoActiveGrants(workflow, MIX_GRANT_SECONDS * 1000 + 120_000);
    await waitForIdleQueue(workflow, 300_000);
    const after = await redisCensus(workflow.redis, prefix, queues);
    const memory = rssFigures(rss, sampleZero, windowStart, windowEnd, seededAt);
    console.log(
      `  lateness p50 ${result.lateness.p50.toFixed(3)} p99 ${result.lateness.p99.toFixed(3)} max ${result.lateness.max.toFixed(3)} s; ` +
        `RSS after warm-up ${memory.base.toFixed(0)} MB, at the end ${memory.end.toFixed(0)} MB, peak ${memory.peak.toFixed(0)} MB`,
    );
    console.log(`  Redis keys at start ${censusLine(before)}\n  Redis keys at end   ${censusLine(after)}`);
    const what = `${GRANTS} grants expiring over ${WINDOW_MS / 60_000} minutes beside a steady mix of filings and approvals`;
    return [
      ...(['p50', 'p99', 'max'] as const).map((stat) =>
        figure({
          id: `revocation.longrun.${stat}`,
          metric: `revocation lateness ${stat}, ${what}`,
          value: result.lateness[stat],
          unit: 's',
          comparator: '<=',
          ...(stat === 'p99' ? { target: 1 } : {}),
          samples: result.size,
        }),
      ),
      figure({
        id: 'longrun.rss-growth',
        metric: `RSS growth of countersign start after warm-up over the ${WINDOW_MS / 60_000}-minute run (median of the last ${RSS_SPAN_MS / 1000} s over the median of the ${RSS_SPAN_MS / 1000} s after warm-up, sampled every ${SAMPLE_EVERY_MS / 1000} s)`,
        value: ((memory.end - memory.base) / memory.base) * 100,
        unit: '%',
        comparator: '<=',
        target: 10,
        baseline: 'median RSS just after warm-up',
        baselineValue: memory.base,
        baselineUnit: 'MB',
        samples: memory.samples,
      }),
      figure({
        id: 'longrun.rss-peak',
        metric: `peak RSS sample of countersign start over the ${WINDOW_MS / 60_000}-minute run`,
        value: memory.peak,
        unit: 'MB',
        comparator: '<=',
        samples: memory.samples,
      }),
      figure({
        id: 'longrun.redis-keys',
        metric: `Redis keys under the run's prefix once every grant ended (${after.records - before.records} requests kept as records)`,
        value: after.total,
        unit: 'keys',
        comparator: '<=',
        baseline: 'keys before the run',
        baselineValue: before.total,
      }),
      figure({
        id: 'longrun.redis-keys-beyond-live',
        metric:
          'Redis keys beyond live state gained over the run: no TTL, and neither a record, its keys or indexes, a job due or running, queue structure, nor a finished job within its retention bound',
        value: after.beyondLive - before.beyondLive,
        unit: 'keys',
        comparator: '<=',
        target: 0,
      }),
      figure({
        id: 'longrun.jobs-kept',
        metric: 'finished jobs Redis keeps once the run ended (retention: 7 days or 20,000 per queue)',
        value: after.keptJobs,
        unit: 'keys',
        comparator: '<=',
        baseline: 'before the run',
        baselineValue: before.keptJobs,
      }),
      figure({
        id: 'longrun.mix-failures',
        metric: `mix steps (filing, card, approval click) that failed, of ${mix.filed}`,
        value: mix.failures,
        unit: 'steps',
        comparator: '<=',
        target: 0,
      }),
    ];
  } catch (error) {
    console.log(`  countersign start log (last lines):\n${countersign.tail(20)}`);
    throw error;
  } finally {
    rss?.stop();
    await workflow.close();
    await countersign.stop();
  }
}

/**
 * Every MIX_EVERY_MS until `until`: files a request through the workflow (the worker
 * posts its card), and for two of every three clicks Approve as bob once the card is
 * there: a scale of one of the mix Deployments, a short view grant, and a scale left
 * pending. Resolves once every step has finished; failures are counted, not thrown.
 */
async function runMix(
  stack: BenchStack,
  countersign: CountersignProcess,
  workflow: ComposedWorkflow,
  grantsNamespace: string,
  until: number,
): Promise<Mix> {
  const mix: Mix = { filed: 0, approved: 0, failures: 0 };
  const eventsUrl = `${countersign.url}${SLACK_EVENTS_PATH}`;
  const step = async (n: number): Promise<void> => {
    const kind = n % 3;
    const text =
      kind === 1
        ? `access role/view -n ${grantsNamespace} --for ${MIX_GRANT_SECONDS}s --reason "long run ${n}"`
        : `scale deployment/${MIX_DEPLOYMENTS[n % MIX_DEPLOYMENTS.length]} --replicas ${1 + (n % 3)} -n ${BENCH_NAMESPACES.longRun} --reason "long run ${n}"`;
    const request = parseCommand(text) as ChangeRequest;
    const record = await withContentionRetry(retries, () =>
      submitRequest(workflow.deps, { text, request, requester: principalOf('alice') }),
    );
    mix.filed++;
    if (kind === 2) return;
    const card = await waitForCard(workflow.deps.store, record.id, CARD_TIMEOUT_MS);
    const click = approveClick('bob', card, record.id, stack.slack.responseUrl(`longrun-${record.id}`));
    await signedPost(eventsUrl, click, stack.signingSecret);
    mix.approved++;
  };
  const steps: Promise<void>[] = [];
  for (let n = 0; Date.now() < until; n++) {
    steps.push(
      step(n).catch((error: unknown) => {
        mix.failures++;
        mix.firstError ??= error instanceof Error ? error.message : String(error);
      }),
    );
    await sleep(MIX_EVERY_MS);
  }
  await Promise.all(steps);
  return mix;
}

async function waitForNoActiveGrants(workflow: ComposedWorkflow, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const active = await workflow.deps.store.countActiveGrants();
    if (active === 0) return;
    if (performance.now() > deadline)
      throw new Error(`${active} grants still active ${timeoutMs} ms after the run`);
    await sleep(1000);
  }
}

/**
 * RSS over the window from the samples: warm-up ends WARMUP_MS into the window, or
 * 30 s after seeding finished if that is later; the base is the median of the
 * RSS_SPAN_MS after warm-up, the end the median of the window's last RSS_SPAN_MS.
 * Throws when the window is too short to hold both spans apart.
 */
function rssFigures(
  rss: RssSampler,
  sampleZero: number,
  windowStart: number,
  windowEnd: number,
  seededAt: number,
): { base: number; end: number; peak: number; samples: number } {
  const at = (wall: number): number => wall - sampleZero;
  const warmEnd = at(Math.max(windowStart + WARMUP_MS, seededAt + 30_000));
  const end = at(windowEnd);
  const within = (from: number, to: number): number[] =>
    rss.samples.filter(([t]) => t >= from && t <= to).map(([, mb]) => mb);
  if (warmEnd + 2 * RSS_SPAN_MS > end) {
    throw new Error(
      `the window left ${((end - warmEnd) / 1000).toFixed(0)} s after warm-up; RSS growth needs ${(2 * RSS_SPAN_MS) / 1000} s`,
    );
  }
  const window = within(at(windowStart), end);
  return {
    base: median(within(warmEnd, warmEnd + RSS_SPAN_MS)),
    end: median(within(end - RSS_SPAN_MS, end)),
    peak: Math.max(...window),
    samples: window.length,
  };
}

function censusLine(c: RedisCensus): string {
  return (
    `${c.total}: ${c.records} records, ${c.recordKeys} record keys and indexes, ${c.liveJobs} live job and queue keys, ` +
    `${c.keptJobs} kept finished jobs, ${c.expiring} expiring, ${c.beyondLive} beyond live state` +
    (c.beyondLiveSample.length > 0 ? ` (e.g. ${c.beyondLiveSample.join(', ')})` : '')
  );
}
