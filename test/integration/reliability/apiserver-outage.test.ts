import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CLUSTER,
  countEvents,
  people,
  startReliabilityFixture,
  waitForState,
  type ReliabilityFixture,
} from './reliability-fixture.ts';

let fixture: ReliabilityFixture;

before(async () => {
  fixture = await startReliabilityFixture();
});

after(() => fixture.stop());

test('jobs queued while kube-apiserver is down retry: they succeed when it returns, or fail cleanly when retries run out', async () => {
  // Two queues on one Redis and store: one that gives up within a second, one patient enough to outlast the outage.
  const hasty = fixture.compose({
    queueName: 'hasty',
    retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 400 },
  });
  const patient = fixture.compose({
    queueName: 'patient',
    retry: { attempts: 30, baseDelayMs: 250, maxDelayMs: 1500 },
  });
  await fixture.startWorker(hasty);
  await fixture.startWorker(patient);
  const ns = fixture.namespace;

  const doomed = await fixture.submit(hasty.deps, `restart deployment/web -n ${ns} --reason "will give up"`);
  const scale = await fixture.submit(
    patient.deps,
    `scale deployment/web --replicas 6 -n ${ns} --reason "will wait"`,
  );

  await fixture.cp.stopApiServer();
  const downAt = Date.now();
  await fixture.approve(hasty.deps, doomed.id, people.bob, people.carol);
  await fixture.approve(patient.deps, scale.id, people.dave, people.erin);
  const grant = await fixture.submit(
    patient.deps,
    `access role/view -n ${ns} --for 1h --reason "needs the API"`,
  );

  const failed = await waitForState(hasty.deps, doomed.id, ['failed', 'succeeded'], 30_000);
  assert.equal(failed.state, 'failed');
  assert.match(
    failed.execution?.error ?? '',
    /gave up after 3 attempts: the cluster's API server did not answer/,
  );
  assert.match(failed.execution?.error ?? '', new RegExp(`Reference: execute-action\\.${doomed.id}`));
  assert.equal(await countEvents(hasty.deps, doomed.id, 'failed'), 1);
  assert.equal(await hasty.queue.state('execute-action', { requestId: doomed.id }), 'failed');

  for (const [id, name] of [
    [scale.id, 'execute-action'],
    [grant.id, 'create-grant'],
  ] as const) {
    assert.equal((await patient.deps.store.get(id))?.state, 'executing', `${id} is still being retried`);
    const state = (await patient.queue.state(name, { requestId: id })) ?? 'missing';
    assert.ok(['delayed', 'active', 'waiting'].includes(state), `the ${name} job is ${state}`);
  }

  // The API server answers 403 while it loads RBAC; the retries that land then must not fail for good.
  await fixture.cp.startApiServer();
  console.log(`kube-apiserver was down ${((Date.now() - downAt) / 1000).toFixed(1)} s`);
  const scaled = await waitForState(patient.deps, scale.id, ['succeeded', 'failed'], 60_000);
  const granted = await waitForState(patient.deps, grant.id, ['active', 'failed'], 60_000);
  assert.equal(scaled.state, 'succeeded', scaled.execution?.error);
  assert.equal(granted.state, 'active', granted.execution?.error);
  assert.ok(
    (scaled.execution?.attempts ?? 0) >= 2,
    `the scale was tried ${scaled.execution?.attempts} times`,
  );
  assert.equal(await countEvents(patient.deps, scale.id, 'executed'), 1);
  assert.equal(await countEvents(patient.deps, grant.id, 'granted'), 1);
  const deployment = JSON.parse(
    await fixture.cp.kubectl(['get', 'deployment', 'web', '-n', ns, '-o', 'json']),
  ) as {
    spec: { replicas: number; template: { metadata: { annotations?: Record<string, string> } } };
  };
  assert.equal(deployment.spec.replicas, 6);
  assert.equal(
    deployment.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'],
    undefined,
    'the restart that gave up never ran',
  );
  assert.deepEqual(
    (await patient.deps.cluster.listManagedBindings(CLUSTER)).map((b) => b.requestId),
    [grant.id],
  );
  for (const [id, name] of [
    [scale.id, 'execute-action'],
    [grant.id, 'create-grant'],
  ] as const) {
    assert.equal(
      await patient.queue.state(name, { requestId: id }),
      'completed',
      `the ${name} job of ${id} finished`,
    );
  }
});
