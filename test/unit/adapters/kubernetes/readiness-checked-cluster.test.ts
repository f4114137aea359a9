import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReadinessCheckedCluster } from '../../../../src/adapters/kubernetes/readiness-checked-cluster.ts';
import type { GrantSpec } from '../../../../src/core/ports/cluster-grants.ts';
import { ClusterPermanentError, ClusterTransientError } from '../../../../src/core/ports/cluster-errors.ts';
import { RecordingCluster } from '../../../fakes/recording-cluster.ts';

const spec: GrantSpec = {
  requestId: 'cs-aaaaaaaaaa',
  requester: 'alice',
  namespace: 'prod',
  role: { kind: 'ClusterRole', name: 'view' },
  expiresAt: 0,
  approvers: ['bob'],
  reason: 'debug',
};

/** A fake cluster whose createGrant fails with `error`, and a probe reporting `ready`. */
function setup(error: Error, ready: boolean) {
  const inner = new RecordingCluster();
  inner.createGrant = () => Promise.reject(error);
  const probed: string[] = [];
  const cluster = new ReadinessCheckedCluster(inner, (name) => {
    probed.push(name);
    return Promise.resolve(ready);
  });
  return { cluster, probed };
}

test('a 403 from an API server that is not ready yet becomes a retryable error', async () => {
  const refusal = new ClusterPermanentError('cluster_forbidden', 'Kubernetes RBAC refused', { status: 403 });
  const { cluster, probed } = setup(refusal, false);
  await assert.rejects(cluster.createGrant('prod', spec), (error: unknown) => {
    assert.ok(error instanceof ClusterTransientError);
    assert.equal(error.status, 403);
    assert.equal(error.retryAfterSeconds, 2);
    assert.equal(error.cause, refusal);
    return true;
  });
  assert.deepEqual(probed, ['prod']);
});

test('a 403 from a ready API server stays a refusal; other failures pass through unprobed', async () => {
  const refusal = new ClusterPermanentError('cluster_forbidden', 'Kubernetes RBAC refused', { status: 403 });
  const ready = setup(refusal, true);
  await assert.rejects(ready.cluster.createGrant('prod', spec), (error) => error === refusal);
  const missing = setup(new ClusterPermanentError('target_not_found', 'gone', { status: 404 }), false);
  await assert.rejects(missing.cluster.createGrant('prod', spec), ClusterPermanentError);
  assert.deepEqual(missing.probed, []);
  const down = setup(new ClusterTransientError('ECONNREFUSED'), false);
  await assert.rejects(down.cluster.createGrant('prod', spec), ClusterTransientError);
  assert.deepEqual(down.probed, []);
});

test('calls that succeed are passed through', async () => {
  const cluster = new ReadinessCheckedCluster(new RecordingCluster(), () => Promise.resolve(false));
  assert.deepEqual(cluster.clusterNames(), ['test']);
  assert.equal((await cluster.createGrant('test', spec)).bindingName, 'countersign-cs-aaaaaaaaaa');
});
