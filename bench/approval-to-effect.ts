import { setTimeout as sleep } from 'node:timers/promises';
import { AppsV1Api } from '@kubernetes/client-node';
import { SLACK_EVENTS_PATH } from '../src/adapters/slack/slack-app.ts';
import type { ComposedWorkflow } from '../src/app/compose-workflow.ts';
import type { RequestStore } from '../src/core/ports/request-store.ts';
import { parseCommand } from '../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../src/core/requests/request-types.ts';
import { submitRequest } from '../src/core/workflow/submit-request.ts';
import { sized } from './lib/bench-size.ts';
import type { BenchStack } from './lib/bench-stack.ts';
import { BENCH_NAMESPACES, principalOf } from './lib/bench-workspace.ts';
import type { CountersignProcess } from './lib/countersign-process.ts';
import { figure, type Figure } from './lib/figure.ts';
import { watchReplicas } from './lib/replica-watch.ts';
import { signedPost } from './lib/signed-post.ts';
import { approveClick, waitForCard } from './lib/slack-clicks.ts';
import { summarize } from './lib/stats.ts';

/** The Deployment Countersign scales, and the one the direct client-node call scales (the floor). */
export const EFFECT_DEPLOYMENTS = { countersign: 'api', floor: 'api-floor' } as const;

/** At least 100 samples, so the p99 is a percentile and not the largest of a few (issue 20). */
const SAMPLES = sized(100, 3);
const TIMEOUT_MS = 60_000;

async function waitForState(
  store: RequestStore,
  id: string,
  done: (state: string, approvals: number) => boolean,
) {
  const deadline = performance.now() + TIMEOUT_MS;
  for (;;) {
    const record = await store.get(id);
    if (record && done(record.state, record.approvals.length)) return record;
    if (performance.now() > deadline)
      throw new Error(`${id} is still ${record?.state} after ${TIMEOUT_MS} ms`);
    await sleep(20);
  }
}

/** Waits until the chat messages of request `id` were brought up to `version` (its notify job ran). */
async function waitForNotified(store: RequestStore, id: string, version: number): Promise<void> {
  const deadline = performance.now() + TIMEOUT_MS;
  while ((await store.notifiedVersion(id)) < version) {
    if (performance.now() > deadline) throw new Error(`${id}'s cards never showed version ${version}`);
    await sleep(5);
  }
}

/**
 * Benchmark 2: from the final Approve click arriving to the change being visible in
 * the API server. A scale request needing two approvals is filed through the workflow,
 * its card posted by `countersign start`; the first approver clicks; then the
 * benchmark waits until that click's card update is done (a second approver clicks on
 * the card showing the first approval), starts a watch expectation and the clock, POSTs the second approver's
 * signed click to the Bolt receiver, and stops the clock when the Deployment watch
 * shows the new replica count (Bolt acks, the core decides, BullMQ hands the
 * execute-action job to the worker, the worker patches the scale subresource). The
 * floor is one direct client-node `patchNamespacedDeploymentScale` of another
 * Deployment in the same namespace, timed the same way. Samples alternate.
 */
export async function benchApprovalToEffect(
  stack: BenchStack,
  countersign: CountersignProcess,
  workflow: ComposedWorkflow,
): Promise<Figure[]> {
  const namespace = BENCH_NAMESPACES.effect;
  const { deps } = workflow;
  const apps = stack.admin.makeApiClient(AppsV1Api);
  const watch = await watchReplicas(stack.admin, namespace);
  const eventsUrl = `${countersign.url}${SLACK_EVENTS_PATH}`;
  const ours: number[] = [];
  const floor: number[] = [];
  try {
    for (let i = 0; i < SAMPLES + 1; i++) {
      const replicas = 2 + (i % 2);
      const text = `scale deployment/${EFFECT_DEPLOYMENTS.countersign} --replicas ${replicas} -n ${namespace} --reason "bench effect ${i}"`;
      const record = await submitRequest(deps, {
        text,
        request: parseCommand(text) as ChangeRequest,
        requester: principalOf('alice'),
      });
      const card = await waitForCard(deps.store, record.id, TIMEOUT_MS);
      await signedPost(
        eventsUrl,
        approveClick('bob', card, record.id, stack.slack.responseUrl(`effect-${i}-a`)),
        stack.signingSecret,
      );
      const once = await waitForState(deps.store, record.id, (_, approvals) => approvals === 1);
      await stack.slack.waitForResponses([`effect-${i}-a`], TIMEOUT_MS);
      // A second approver clicks on the card showing the first approval: the clock starts
      // once the first click's card update is done, not while it still runs beside the click.
      await waitForNotified(deps.store, record.id, once.version);

      const seen = watch.expect(EFFECT_DEPLOYMENTS.countersign, replicas, TIMEOUT_MS);
      seen.catch(() => undefined);
      const started = performance.now();
      await signedPost(
        eventsUrl,
        approveClick('carol', card, record.id, stack.slack.responseUrl(`effect-${i}-b`)),
        stack.signingSecret,
      );
      const elapsed = (await seen) - started;
      const done = await waitForState(deps.store, record.id, (state) => state === 'succeeded');
      await stack.slack.waitForResponses([`effect-${i}-b`], TIMEOUT_MS);

      const floorSeen = watch.expect(EFFECT_DEPLOYMENTS.floor, replicas, TIMEOUT_MS);
      floorSeen.catch(() => undefined);
      const floorStarted = performance.now();
      await apps.patchNamespacedDeploymentScale({
        name: EFFECT_DEPLOYMENTS.floor,
        namespace,
        body: [{ op: 'replace', path: '/spec/replicas', value: replicas }],
      });
      const floorElapsed = (await floorSeen) - floorStarted;
      // The next sample starts once this request's cards are up to date (its last notification ran).
      await waitForNotified(deps.store, record.id, done.version);
      if (i === 0) continue; // the first sample warms both paths up
      ours.push(elapsed);
      floor.push(floorElapsed);
      await sleep(200);
    }
  } finally {
    watch.stop();
  }
  const a = summarize(ours);
  const b = summarize(floor);
  console.log(
    `  countersign p50 ${a.p50.toFixed(1)} p99 ${a.p99.toFixed(1)} max ${a.max.toFixed(1)} ms; ` +
      `direct client-node p50 ${b.p50.toFixed(1)} p99 ${b.p99.toFixed(1)} ms (n=${a.count})`,
  );
  const baseline = 'one direct client-node patchNamespacedDeploymentScale, until visible';
  return [
    figure({
      id: 'effect.p50',
      metric: 'approval to effect p50',
      value: a.p50,
      unit: 'ms',
      comparator: '<=',
      baseline,
      baselineValue: b.p50,
      samples: a.count,
    }),
    figure({
      id: 'effect.p99',
      metric: 'approval to effect p99',
      value: a.p99,
      unit: 'ms',
      comparator: '<=',
      target: 300,
      baseline,
      baselineValue: b.p99,
      samples: a.count,
    }),
    figure({
      id: 'effect.p99-vs-floor',
      metric: 'approval to effect p99 ÷ direct-call p99',
      value: a.p99 / b.p99,
      unit: '×',
      comparator: '<=',
      target: 2,
      baseline: 'one direct client-node patchNamespacedDeploymentScale, until visible (p99)',
      baselineValue: b.p99,
      baselineUnit: 'ms',
      samples: a.count,
    }),
  ];
}
