import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { rfc3339 } from '../../../src/adapters/kubernetes/rfc3339.ts';
import type { ComposedWorkflow } from '../../../src/app/compose-workflow.ts';
import { startWorkerProcess, type TestProcessConfig } from '../../harness/worker-process.ts';
import {
  countEvents,
  people,
  startReliabilityFixture,
  TEST_WORKER,
  waitForState,
  type ReliabilityFixture,
} from './reliability-fixture.ts';

let fixture: ReliabilityFixture;
let composed: ComposedWorkflow;

before(async () => {
  fixture = await startReliabilityFixture();
  composed = fixture.compose();
});

after(() => fixture.stop());

const workerConfig = (pause?: 'before-execute' | 'after-execute'): TestProcessConfig =>
  fixture.processConfig({ worker: { ...TEST_WORKER, ...(pause ? { pause } : {}) } });

async function deployment() {
  const object = await fixture.getJson('deployment', 'web');
  const metadata = object.metadata as { generation: number };
  const spec = object.spec as {
    replicas: number;
    template: { metadata: { annotations?: Record<string, string> } };
  };
  return {
    generation: metadata.generation,
    replicas: spec.replicas,
    restartedAt: spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'],
  };
}

test('a worker SIGKILLed right after restarting a deployment: the next worker finishes, and the restart happened once', async () => {
  const { deps } = composed;
  const before = await deployment();
  const first = await startWorkerProcess(workerConfig('after-execute'));
  fixture.onStop(() => first.kill('SIGKILL'));
  const { id } = await fixture.submit(
    deps,
    `restart deployment/web -n ${fixture.namespace} --reason "pick up new secret"`,
  );
  await fixture.approve(deps, id, people.bob, people.carol);
  const paused = await first.waitFor('paused');
  assert.equal(paused.requestId, id);

  const midway = await deployment();
  assert.equal(midway.generation, before.generation + 1, 'the restart reached the cluster before the kill');
  assert.equal((await deps.store.get(id))?.state, 'executing');
  assert.equal((await first.kill('SIGKILL')).signal, 'SIGKILL');

  const killedAt = Date.now();
  const second = await startWorkerProcess(workerConfig());
  fixture.onStop(() => second.kill('SIGKILL'));
  const record = await waitForState(deps, id, ['succeeded', 'failed'], 60_000);
  console.log(`job taken over and finished ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);

  assert.equal(record.state, 'succeeded');
  assert.equal(record.execution?.attempts, 2, 'the action ran in two workers');
  const after = await deployment();
  assert.equal(after.generation, before.generation + 1, 'no second rollout');
  assert.equal(after.restartedAt, rfc3339(record.timestamps.approved ?? 0));
  assert.equal(await countEvents(deps, id, 'executed'), 1);
  assert.equal(await composed.queue.state('execute-action', { requestId: id }), 'completed');

  const closing = await second.kill('SIGTERM');
  assert.equal(closing.code, 0, `graceful shutdown exits cleanly:\n${second.errorOutput}`);
});

test('a worker SIGKILLed before it reached the cluster: the next worker scales exactly once', async () => {
  const { deps } = composed;
  const first = await startWorkerProcess(workerConfig('before-execute'));
  fixture.onStop(() => first.kill('SIGKILL'));
  const { id } = await fixture.submit(
    deps,
    `scale deployment/web --replicas 5 -n ${fixture.namespace} --reason load`,
  );
  await fixture.approve(deps, id, people.dave, people.erin);
  await first.waitFor('paused');
  assert.equal((await deployment()).replicas, 2, 'nothing reached the cluster before the kill');
  await first.kill('SIGKILL');

  const second = await startWorkerProcess(workerConfig());
  fixture.onStop(() => second.kill('SIGKILL'));
  const record = await waitForState(deps, id, ['succeeded', 'failed'], 60_000);
  assert.equal(record.state, 'succeeded');
  assert.match(record.execution?.result ?? '', /2 → 5/);
  assert.equal((await deployment()).replicas, 5);
  assert.equal(await countEvents(deps, id, 'executed'), 1);
  assert.equal(await countEvents(deps, id, 'failed'), 0);
  await second.kill('SIGTERM');
});
