import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BullmqWorker } from '../../../src/adapters/queue/bullmq-worker.ts';
import { composeWorkflow, type ComposedWorkflow } from '../../../src/app/compose-workflow.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import { ManualClock } from '../../../src/core/ports/clock.ts';
import type { Notifier } from '../../../src/core/ports/notifier.ts';
import { parseCommand } from '../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../src/core/requests/request-types.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { submitRequest } from '../../../src/core/workflow/submit-request.ts';
import { createProcessors } from '../../../src/jobs/processors.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { person, silent, workflowPerFile } from './workflow-per-file.ts';

const MINUTE = 60_000;

const POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: escalation-timer }
spec:
  defaults: { requestTTL: 1h }
  approverGroups:
    sre-leads: { users: [bob] }
    sre-oncall: { users: [dave] }
    managers: { users: [erin] }
  rules:
    - name: prod
      match: { namespaces: [prod-*] }
      outcome: require-approval
      approval:
        approverGroups: [sre-leads]
        escalation:
          - { after: 10m, approverGroups: [sre-oncall] }
          - { after: 20m, approverGroups: [managers] }
`;

const alice = person('alice');
const bob = person('bob');

const fixture = workflowPerFile(POLICY);

/** A workflow on the real Redis and BullMQ with a manual clock, and a worker running the real processors. */
async function stack() {
  const clock = new ManualClock(Date.now());
  const cluster = new RecordingCluster();
  cluster.objects.set('prod-payments/Deployment/api', { labels: {}, annotations: {} });
  const composed: ComposedWorkflow = composeWorkflow(fixture.config(), silent, {
    cluster,
    clock,
    watchPolicy: false,
    queue: { retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 500 } },
  });
  const changed: RequestRecord[] = [];
  const notifier: Notifier = {
    requestChanged: (record) => Promise.resolve(void changed.push(record)),
    grantExpiringSoon: () => Promise.resolve(),
    remindApprovers: () => Promise.resolve(),
  };
  const worker = await BullmqWorker.start(
    fixture.url(),
    createProcessors({ workflow: composed.deps, notifier }),
    {
      ...composed.queueSettings,
      concurrency: 2,
      lockDurationMs: 2000,
      stalledIntervalMs: 1000,
      shutdownGraceMs: 2000,
    },
    silent,
  );
  fixture.closeAfter(
    () => composed.close(),
    () => worker.close(),
  );
  const { deps, queue } = composed;
  const submit = (text: string) =>
    submitRequest(deps, { text, request: parseCommand(text) as ChangeRequest, requester: alice });
  /** Waits (on the store, not the clock) until the request has reached `steps` escalation steps. */
  const reached = async (id: string, steps: number): Promise<RequestRecord> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const record = await deps.store.get(id);
      if ((record?.escalations?.length ?? 0) >= steps && record) return record;
      assert.ok(Date.now() < deadline, `request ${id} reached ${steps} escalation step(s)`);
      await sleep(50);
    }
  };
  const jobState = (id: string) => queue.state('escalate-request', { requestId: id });
  /** Waits until the escalation job of `id` is in `state` (it changes after the record does). */
  const jobIn = async (id: string, state: string | undefined): Promise<void> => {
    const deadline = Date.now() + 20_000;
    while ((await jobState(id)) !== state) {
      assert.ok(Date.now() < deadline, `the escalation job of ${id} is ${String(state)}`);
      await sleep(50);
    }
  };
  return { clock, deps, queue, changed, submit, reached, jobState, jobIn };
}

const SCALE = 'scale deployment/api --replicas 3 -n prod-payments --reason load';

test('one delayed job with a deterministic ID walks the steps on the injected clock, then ends', async () => {
  const { clock, deps, queue, changed, submit, reached, jobIn } = await stack();
  const record = await submit(SCALE);
  await jobIn(record.id, 'delayed');
  await queue.enqueue('escalate-request', { requestId: record.id });
  assert.equal(
    await queue.state('escalate-request', { requestId: record.id }),
    'delayed',
    'a second enqueue is a no-op',
  );

  clock.advance(10 * MINUTE);
  assert.equal(await queue.promote('escalate-request', { requestId: record.id }), true);
  const first = await reached(record.id, 1);
  assert.ok(first.decision.outcome === 'require-approval');
  assert.deepEqual(first.decision.approverGroups, ['sre-leads', 'sre-oncall']);
  await jobIn(record.id, 'delayed');
  const due = await queue.dueAt('escalate-request', { requestId: record.id });
  assert.ok(
    due !== undefined && due > Date.now() + 5 * MINUTE,
    'the job waits for step 2 (20m after filing)',
  );

  clock.advance(10 * MINUTE);
  await queue.promote('escalate-request', { requestId: record.id });
  const second = await reached(record.id, 2);
  assert.ok(second.decision.outcome === 'require-approval');
  assert.deepEqual(second.decision.approverGroups, ['sre-leads', 'sre-oncall', 'managers']);
  await jobIn(record.id, 'completed');
  const events = (await deps.store.listEvents(record.id)).filter((r) => r.event.type === 'escalated');
  assert.equal(events.length, 2);
  // The notification runs after the escalation job (held while main-lane jobs run).
  const deadline = Date.now() + 20_000;
  while (!changed.some((r) => r.id === record.id && (r.escalations?.length ?? 0) === 2)) {
    assert.ok(Date.now() < deadline, 'the cards were updated');
    await sleep(50);
  }
});

test('a decision removes the timer; nothing escalates afterwards, even when the sweep runs', async () => {
  const { clock, deps, queue, submit, jobIn } = await stack();
  const record = await submit(SCALE);
  await jobIn(record.id, 'delayed');
  await decideRequest(deps, { requestId: record.id, person: bob, verdict: 'approve' });
  await jobIn(record.id, undefined);
  clock.advance(30 * MINUTE);
  await queue.enqueue('sweep-grants', {});
  const sweepDeadline = Date.now() + 20_000;
  // The sweep's job is deleted when it completes.
  while ((await queue.state('sweep-grants', {})) !== undefined) {
    assert.ok(Date.now() < sweepDeadline, 'the sweep ran');
    await sleep(50);
  }
  await queue.enqueue('escalate-request', { requestId: record.id });
  await jobIn(record.id, 'completed');
  const events = (await deps.store.listEvents(record.id)).map((r) => r.event.type);
  assert.ok(!events.includes('escalated'), events.join(', '));
});

test('a lost escalation job does not stall the request: the sweep reaches the step and schedules the next', async () => {
  const { clock, deps, queue, submit, reached, jobIn } = await stack();
  const record = await submit(SCALE);
  await jobIn(record.id, 'delayed');
  await queue.remove('escalate-request', { requestId: record.id });
  await jobIn(record.id, undefined);
  clock.advance(11 * MINUTE);
  assert.deepEqual(
    (await deps.store.listPendingDue(clock.now())).map((r) => r.id),
    [record.id],
    'the store finds it by its due step',
  );
  await queue.scheduleSweep(300);
  const escalated = await reached(record.id, 1);
  assert.equal(escalated.state, 'pending');
  await jobIn(record.id, 'delayed');
  assert.deepEqual(await deps.store.listPendingDue(clock.now()), [], 'nothing is due any more');
});
