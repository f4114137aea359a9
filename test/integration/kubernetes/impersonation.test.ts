import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { COUNTERSIGN_APPROVED_GROUP } from '../../../src/adapters/kubernetes/approved-group.ts';
import { fieldAt } from '../../../src/adapters/kubernetes/kube-object.ts';
import type { ExecuteIdentity } from '../../../src/core/ports/cluster.ts';
import { ClusterPermanentError } from '../../../src/core/ports/cluster-errors.ts';
import {
  action,
  aggregatedRole,
  CLUSTER,
  type ClusterFixture,
  startClusterFixture,
  target,
} from './cluster-fixture.ts';

const alice: ExecuteIdentity = { kind: 'requester', username: 'alice', groups: ['developers'] };
const bob: ExecuteIdentity = { kind: 'requester', username: 'bob', groups: ['sre'] };
const context = { requestId: 'imp-1', approvedAt: Date.UTC(2026, 0, 5) };

// The controller manager fills the aggregated ClusterRole `edit` that bob is bound to.
describe('Kubernetes adapter: executeAs requester impersonates the requester', () => {
  let k: ClusterFixture;
  let ns: string;
  before(async () => {
    k = await startClusterFixture({ controllerManager: true });
    await aggregatedRole(k, 'edit');
    ns = await k.namespace('imp');
    await k.apply(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: ${ns} }
spec:
  replicas: 1
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: api, image: 'nginx:1.27' }] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: sre-edit, namespace: ${ns} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: Group, name: sre }]
`);
  });
  after(async () => {
    await k?.stop();
  });

  const replicas = async () => fieldAt(await k.get('deployment', 'api', ns), ['spec', 'replicas']);

  test('the API server sees the requester: user and every group, each as its own header', async () => {
    const clients = k.registry
      .get(CLUSTER)
      .clients({ kind: 'requester', username: 'erin', groups: ['contractors', 'sre'] });
    const review = await clients.rest.call<unknown>({
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    assert.equal(fieldAt(review, ['status', 'userInfo', 'username']), 'erin');
    assert.deepEqual(fieldAt(review, ['status', 'userInfo', 'groups']), [
      'contractors',
      'sre',
      COUNTERSIGN_APPROVED_GROUP,
      'system:authenticated',
    ]);

    const own = await k.registry
      .get(CLUSTER)
      .clients({ kind: 'countersign' })
      .rest.call<unknown>({
        method: 'POST',
        path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      });
    assert.equal(
      fieldAt(own, ['status', 'userInfo', 'username']),
      'system:serviceaccount:countersign:countersign',
    );
  });

  test('alice, without RBAC, is refused permanently at preview and at execute; the same call as Countersign succeeds', async () => {
    const request = action(target('Deployment', 'api', ns), { verb: 'scale', replicas: 4 });
    await assert.rejects(k.cluster.preview(CLUSTER, request, alice), (error: unknown) => {
      assert.ok(error instanceof ClusterPermanentError);
      assert.equal(error.code, 'cluster_forbidden');
      assert.equal(error.status, 403);
      assert.match(
        error.message,
        /^Kubernetes RBAC refused to scale deployment api in namespace .* on cluster test: .*User "alice" cannot patch resource "deployments\/scale"/,
      );
      return true;
    });
    await assert.rejects(k.cluster.execute(CLUSTER, request, alice, context), { code: 'cluster_forbidden' });
    assert.equal(await replicas(), 1);

    await k.cluster.execute(CLUSTER, request, { kind: 'countersign' }, context);
    assert.equal(await replicas(), 4);
  });

  test('bob, in group sre bound to edit, succeeds as himself; the binding is to the group, so groups really travel', async () => {
    const request = action(target('Deployment', 'api', ns), { verb: 'scale', replicas: 2 });
    const preview = await k.cluster.preview(CLUSTER, request, bob);
    assert.equal(preview.dryRun, true);
    const result = await k.cluster.execute(CLUSTER, request, bob, context);
    assert.equal(result.changed, true);
    assert.equal(await replicas(), 2);

    const bobWithoutGroups: ExecuteIdentity = { kind: 'requester', username: 'bob', groups: [] };
    const again = action(target('Deployment', 'api', ns), { verb: 'scale', replicas: 3 });
    await assert.rejects(k.cluster.execute(CLUSTER, again, bobWithoutGroups, context), {
      code: 'cluster_forbidden',
    });
    assert.equal(await replicas(), 2);
  });

  test('clients are built once per identity and reused', () => {
    const connection = k.registry.get(CLUSTER);
    assert.equal(
      connection.clients(bob),
      connection.clients({ kind: 'requester', username: 'bob', groups: ['sre'] }),
    );
    assert.notEqual(connection.clients(bob), connection.clients(alice));
    assert.equal(connection.clients({ kind: 'countersign' }), connection.clients({ kind: 'countersign' }));
  });
});
