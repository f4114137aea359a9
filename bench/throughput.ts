import { AppsV1Api } from '@kubernetes/client-node';
import { SLACK_EVENTS_PATH } from '../src/adapters/slack/slack-app.ts';
import type { ComposedWorkflow } from '../src/app/compose-workflow.ts';
import type { MessageRef } from '../src/core/ports/message-ref.ts';
import type { RequestStore } from '../src/core/ports/request-store.ts';
import { parseCommand } from '../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../src/core/requests/request-types.ts';
import { submitRequest } from '../src/core/workflow/submit-request.ts';
import { sized } from './lib/bench-size.ts';
import type { BenchStack } from './lib/bench-stack.ts';
import { BENCH_NAMESPACES, principalOf } from './lib/bench-workspace.ts';
import { withContentionRetry, type RetryCounter } from './lib/contention-retry.ts';
import type { CountersignProcess } from './lib/countersign-process.ts';
import { figure, type Figure } from './lib/figure.ts';
import { inParallel } from './lib/in-parallel.ts';
import { waitForIdleQueue } from './lib/queue-idle.ts';
import { watchReplicas, type ReplicaWatch } from './lib/replica-watch.ts';
import { signedPost } from './lib/signed-post.ts';
import { approveClick, waitForCard } from './lib/slack-clicks.ts';
import { ratePerSecond } from './lib/stats.ts';

/** How many actions, each scaling its own Deployment (`d-0` … `d-<n-1>`). */
export const THROUGHPUT_ACTIONS = sized(200, 20);
/** Worker processes besides `countersign start`'s own worker. */
export const EXTRA_WORKERS = 2;
/** Approve clicks in flight: one worker's worth of concurrency. */
const CLICKS_IN_FLIGHT = 8;
const TIMEOUT_MS = 300_000;
const EFFECT_TIMEOUT_MS = 120_000;

/** The Deployment names the throughput benchmark needs. */
export function throughputDeployments(): string[] {
  return Array.from({ length: THROUGHPUT_ACTIONS }, (_, i) => `d-${i}`);
}

interface Filed {
  readonly name: string;
  readonly id: string;
  readonly card: MessageRef;
}

interface Pass {
  readonly elapsedMs: number;
  /** Requests still pending without an approval once every click was acknowledged and the queue went idle. */
  readonly lost: readonly string[];
}

async function states(store: RequestStore, filed: readonly Filed[]) {
  return Promise.all(filed.map(async ({ id }) => ({ id, record: await store.get(id) })));
}

/**
 * One pass: files a scale request per Deployment (to `replicas`), waits for every
 * card, then sends every Approve click with `clicks` in flight and times from the
 * first click to the watch seeing the last change. Approvals the app acknowledged but
 * did not record are counted as lost (their changes are not waited for).
 */
async function pass(
  stack: BenchStack,
  countersign: CountersignProcess,
  workflow: ComposedWorkflow,
  watch: ReplicaWatch,
  options: { readonly replicas: number; readonly clicks: number; readonly retries: RetryCounter },
): Promise<Pass> {
  const namespace = BENCH_NAMESPACES.throughput;
  const { store } = workflow.deps;
  const filed = await inParallel(throughputDeployments(), 8, async (name) => {
    const text = `scale deployment/${name} --replicas ${options.replicas} -n ${namespace} --reason "bench throughput"`;
    const request = parseCommand(text) as ChangeRequest;
    const record = await withContentionRetry(options.retries, () =>
      submitRequest(workflow.deps, { text, request, requester: principalOf('alice') }),
    );
    return { name, id: record.id, card: await waitForCard(store, record.id, TIMEOUT_MS) };
  });
  await waitForIdleQueue(workflow, TIMEOUT_MS);
  const seen = new Map(
    filed.map(({ name }) => [name, watch.expect(name, options.replicas, EFFECT_TIMEOUT_MS)]),
  );
  for (const promise of seen.values()) promise.catch(() => undefined);
  const eventsUrl = `${countersign.url}${SLACK_EVENTS_PATH}`;
  const started = performance.now();
  await inParallel(filed, options.clicks, ({ id, card }) =>
    signedPost(
      eventsUrl,
      approveClick('bob', card, id, stack.slack.responseUrl(`tput-${id}`)),
      stack.signingSecret,
    ),
  );
  await waitForIdleQueue(workflow, TIMEOUT_MS);
  const after = await states(store, filed);
  const lost = after
    .filter((s) => s.record?.state === 'pending' && s.record.approvals.length === 0)
    .map((s) => s.id);
  const approved = filed.filter((f) => !lost.includes(f.id));
  const times = await Promise.all(approved.map((f) => seen.get(f.name)!));
  const failed = after.filter((s) => !lost.includes(s.id) && s.record?.state !== 'succeeded');
  if (failed.length > 0) {
    throw new Error(
      `${failed.length} approved requests did not succeed: ${failed.map((s) => `${s.id} ${s.record?.state}`).join(', ')}`,
    );
  }
  return { elapsedMs: Math.max(...times) - started, lost };
}

/**
 * The baseline: the same N scale changes as direct client-node patches, with as many
 * in flight as Countersign's clicks, timed from the first patch to the watch seeing
 * the last change (Countersign's end point), as changes per second. One untimed
 * round of the same patches (to 5 replicas) runs first, as Countersign gets a
 * warm-up pass.
 */
async function directRate(stack: BenchStack, names: readonly string[]): Promise<number> {
  const apps = stack.admin.makeApiClient(AppsV1Api);
  const watch = await watchReplicas(stack.admin, BENCH_NAMESPACES.throughput);
  const round = async (replicas: number): Promise<number> => {
    const seen = names.map((name) => watch.expect(name, replicas, EFFECT_TIMEOUT_MS));
    for (const promise of seen) promise.catch(() => undefined);
    const started = performance.now();
    await inParallel(names, CLICKS_IN_FLIGHT, (name) =>
      apps.patchNamespacedDeploymentScale({
        name,
        namespace: BENCH_NAMESPACES.throughput,
        body: [{ op: 'replace', path: '/spec/replicas', value: replicas }],
      }),
    );
    const times = await Promise.all(seen);
    return ratePerSecond(names.length, Math.max(...times) - started);
  };
  try {
    await round(5); // untimed warm-up, as Countersign gets
    return await round(3);
  } finally {
    watch.stop();
  }
}

/**
 * Benchmark 4: approved actions per second end to end, with `countersign start` and
 * two `countersign worker` processes taking the jobs. N scale requests are filed and
 * their cards posted; the clock runs from the first Approve click (signed, into the
 * Bolt receiver, 8 in flight) until the Deployment watch has seen the last change of
 * every approval the app recorded. Clicks acknowledged but never recorded are counted
 * and reported beside the rate (a user would have to click again); an approved
 * request that does not succeed fails the benchmark. The timed pass is the second:
 * the first (to 4 replicas, untimed) lets the worker processes, started just before,
 * run their code paths and open their connections once, so the figure is the rate of
 * a running deployment rather than of processes' first seconds. Baseline: the same N
 * changes as direct client-node calls, 8 in flight, until the watch sees the last,
 * also after one untimed round (`directRate`).
 */
export async function benchThroughput(
  stack: BenchStack,
  countersign: CountersignProcess,
  workflow: ComposedWorkflow,
  keyPrefix: string,
): Promise<Figure[]> {
  const names = throughputDeployments();
  const retries: RetryCounter = { retries: 0 };
  const workers = await Promise.all(
    Array.from({ length: EXTRA_WORKERS }, () => stack.startCountersign('worker', keyPrefix)),
  );
  const watch = await watchReplicas(stack.admin, BENCH_NAMESPACES.throughput);
  let measured: Pass;
  try {
    // Untimed warm-up: every process has then run the approve and execute paths once
    // and holds its pooled connections, as a deployment that has been running does.
    await pass(stack, countersign, workflow, watch, { replicas: 4, clicks: CLICKS_IN_FLIGHT, retries });
    measured = await pass(stack, countersign, workflow, watch, {
      replicas: 2,
      clicks: CLICKS_IN_FLIGHT,
      retries,
    });
  } finally {
    watch.stop();
    await Promise.all(workers.map((w) => w.stop()));
  }
  const raw = await directRate(stack, names);
  const executed = names.length - measured.lost.length;
  const ours = ratePerSecond(executed, measured.elapsedMs);
  console.log(
    `  ${names.length} Approve clicks, ${CLICKS_IN_FLIGHT} in flight: ${executed} recorded and executed in ` +
      `${(measured.elapsedMs / 1000).toFixed(2)} s = ${ours.toFixed(1)}/s; ${measured.lost.length} acknowledged but not recorded; ` +
      `direct client-node, ${CLICKS_IN_FLIGHT} in flight, to the watch event: ${raw.toFixed(1)}/s; fixture filings retried after audit_contention: ${retries.retries}`,
  );
  return [
    figure({
      id: 'throughput.actions',
      metric: `approved actions per second, end to end, start + ${EXTRA_WORKERS} workers, ${CLICKS_IN_FLIGHT} clicks in flight, after one untimed pass`,
      value: ours,
      unit: 'actions/s',
      comparator: '>=',
      baseline: `direct client-node scale patches, ${CLICKS_IN_FLIGHT} in flight, until the watch shows the last`,
      baselineValue: raw,
      samples: executed,
    }),
    figure({
      id: 'throughput.ratio',
      metric: `approved actions per second end to end ÷ direct client-node calls per second, ${CLICKS_IN_FLIGHT} in flight, until the watch shows the last, each after one untimed pass`,
      value: ours / raw,
      unit: '×',
      comparator: '>=',
      target: 0.8,
      baseline: `direct client-node scale patches, ${CLICKS_IN_FLIGHT} in flight, until the watch shows the last`,
      baselineValue: raw,
      baselineUnit: 'actions/s',
      samples: executed,
    }),
    figure({
      id: 'throughput.audit-contention-retries',
      metric: 'fixture filings the audit chain refused with audit_contention and the benchmark tried again',
      value: retries.retries,
      unit: 'retries',
      comparator: '<=',
    }),
    figure({
      id: 'throughput.lost-approvals',
      metric: `Approve clicks acknowledged but not recorded, of ${names.length} (${CLICKS_IN_FLIGHT} in flight)`,
      value: measured.lost.length,
      unit: 'clicks',
      comparator: '<=',
      samples: names.length,
    }),
  ];
}
