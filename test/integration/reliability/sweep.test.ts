import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  auditOf,
  CLUSTER,
  startReliabilityFixture,
  waitForState,
  type ReliabilityFixture,
} from './reliability-fixture.ts';
import type { ComposedWorkflow } from '../../../src/app/compose-workflow.ts';
import { reportLateness, RevocationWatch } from './revocation-watch.ts';

const SWEEP_INTERVAL_MS = 2000;

type Queue = ComposedWorkflow['queue'];

/** Waits until the grant's revoke job is in `state` (it is enqueued just after the grant turns active). */
async function waitForJobState(queue: Queue, requestId: string, state: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await queue.state('revoke-grant', { requestId })) !== state) {
    assert.ok(Date.now() < deadline, `the revoke job of ${requestId} reached ${state}`);
    await sleep(50);
  }
}

let fixture: ReliabilityFixture;

before(async () => {
  fixture = await startReliabilityFixture();
});

after(() => fixture.stop());

test('a grant whose revoke job was deleted by hand is removed by the sweep, never early, and the audit says swept', async () => {
  const composed = fixture.compose();
  const { deps, queue } = composed;
  await fixture.startWorker(composed);
  await queue.scheduleSweep(SWEEP_INTERVAL_MS);
  const watch = await RevocationWatch.start(fixture.cp.kubeconfigPath, fixture.namespace);
  fixture.onStop(() => Promise.resolve(watch.stop()));

  const [lost, timed] = await Promise.all(
    ['lost', 'timed'].map((reason) =>
      fixture.submit(deps, `access role/view -n ${fixture.namespace} --for 6s --reason ${reason}`),
    ),
  );
  const lostGrant = await waitForState(deps, lost?.id ?? '', ['active'], 30_000);
  const timedGrant = await waitForState(deps, timed?.id ?? '', ['active'], 30_000);
  // The record turns active before its revoke timer is enqueued (followUp runs after
  // the state change), so wait for both timers to exist before taking one away.
  await waitForJobState(queue, lostGrant.id, 'delayed');
  await waitForJobState(queue, timedGrant.id, 'delayed');
  await queue.remove('revoke-grant', { requestId: lostGrant.id });
  assert.equal(
    await queue.state('revoke-grant', { requestId: lostGrant.id }),
    undefined,
    'the timer is gone',
  );
  assert.equal(await queue.state('revoke-grant', { requestId: timedGrant.id }), 'delayed');
  watch.track(lostGrant);
  watch.track(timedGrant);

  const lostEnd = await waitForState(deps, lostGrant.id, ['expired'], 30_000);
  const timedEnd = await waitForState(deps, timedGrant.id, ['expired'], 30_000);
  // A generous deadline only to catch a hang; how late is printed, and measured in bench/.
  await watch.waitAllGone(60_000);

  const lostEvents = await auditOf(deps, lostEnd.id);
  assert.deepEqual(
    lostEvents.filter((e) => e.type === 'swept' || e.type === 'grant-expired').map((e) => [e.type, e.actor]),
    [['swept', 'countersign']],
  );
  const timedEvents = await auditOf(deps, timedEnd.id);
  assert.deepEqual(
    timedEvents.filter((e) => e.type === 'swept' || e.type === 'grant-expired').map((e) => e.type),
    ['grant-expired'],
  );
  assert.deepEqual(await deps.cluster.listManagedBindings(CLUSTER), []);

  const lateness = watch.lateness();
  const sweptLate = lateness.get(lostGrant.id);
  const timedLate = lateness.get(timedGrant.id);
  assert.ok(sweptLate !== undefined && timedLate !== undefined, 'both bindings were seen gone');
  reportLateness('sweep only, 2 s interval', [sweptLate]);
  reportLateness('timer', [timedLate]);
  assert.ok(sweptLate >= 0, 'the sweep never removes a grant early');
  assert.ok(timedLate >= 0, 'the timer never removes a grant early');
});

test('a managed binding with no request behind it is swept and audited too', async () => {
  const composed = fixture.compose();
  const { deps, queue } = composed;
  await fixture.startWorker(composed);
  await queue.scheduleSweep(SWEEP_INTERVAL_MS);
  const requestId = 'cs-orphan2222';
  await fixture.cp.kubectl(['apply', '-f', '-'], 'admin', orphanBinding(fixture.namespace, requestId));
  const deadline = Date.now() + 20_000;
  while ((await deps.cluster.listManagedBindings(CLUSTER)).some((b) => b.requestId === requestId)) {
    assert.ok(Date.now() < deadline, 'the sweep removed the orphan binding');
    await sleep(200);
  }
  // The sweep audits a removal right after the delete: wait for the record, not just the delete.
  let events = await auditOf(deps, requestId);
  while (events.length === 0) {
    assert.ok(Date.now() < deadline, 'the sweep audited the orphan binding');
    await sleep(200);
    events = await auditOf(deps, requestId);
  }
  assert.deepEqual(
    events.map((e) => [e.type, (e.details as { bindingName?: string }).bindingName]),
    [['swept', `countersign-${requestId}`]],
  );
});

function orphanBinding(namespace: string, requestId: string): string {
  return `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: countersign-${requestId}
  namespace: ${namespace}
  labels: { app.kubernetes.io/managed-by: countersign, countersign.io/request-id: ${requestId} }
  annotations: { countersign.io/expires-at: '2020-01-01T00:00:00Z' }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: mallory }]
`;
}
