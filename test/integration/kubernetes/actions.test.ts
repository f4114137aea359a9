import assert from 'node:assert/strict';
import diagnosticsChannel from 'node:diagnostics_channel';
import { after, before, describe, test } from 'node:test';
import { fieldAt } from '../../../src/adapters/kubernetes/kube-object.ts';
import { rfc3339 } from '../../../src/adapters/kubernetes/rfc3339.ts';
import type { ExecuteIdentity } from '../../../src/core/ports/cluster.ts';
import { ClusterPermanentError } from '../../../src/core/ports/cluster-errors.ts';
import { action, CLUSTER, type ClusterFixture, startClusterFixture, target } from './cluster-fixture.ts';

const AS_COUNTERSIGN: ExecuteIdentity = { kind: 'countersign' };
const APPROVED_AT = Date.UTC(2026, 0, 5, 10, 30, 0);

const deployment = (name: string, namespace: string, replicas: number) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace}, labels: { app: ${name}, sensitivity: high }, annotations: { team: payments } }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec: { containers: [{ name: ${name}, image: 'nginx:1.27' }] }
`;

describe('Kubernetes adapter: actions on a real kube-apiserver', () => {
  let k: ClusterFixture;
  before(async () => {
    k = await startClusterFixture();
  });
  after(async () => {
    await k?.stop();
  });

  test('lookupTarget reads labels, annotations and replicas; a missing object is target_not_found', async () => {
    const ns = await k.namespace('lookup');
    await k.apply(deployment('api', ns, 3));
    const snapshot = await k.cluster.lookupTarget(CLUSTER, target('Deployment', 'api', ns));
    assert.equal(snapshot.labels.sensitivity, 'high');
    assert.equal(snapshot.annotations.team, 'payments');
    assert.equal(snapshot.replicas, 3);
    assert.match(snapshot.uid, /^[0-9a-f-]{36}$/);
    await assert.rejects(
      k.cluster.lookupTarget(CLUSTER, target('Deployment', 'nope', ns)),
      (error: unknown) => {
        assert.ok(error instanceof ClusterPermanentError);
        assert.equal(error.code, 'target_not_found');
        assert.equal(error.message, `Deployment nope not found in namespace ${ns} on cluster ${CLUSTER}.`);
        return true;
      },
    );
  });

  test('listNamespaces gives sorted names; ping answers with the server version', async () => {
    const ns = await k.namespace('listed');
    const names = await k.cluster.listNamespaces(CLUSTER);
    assert.ok(names.includes(ns) && names.includes('default'));
    assert.deepEqual(names, [...names].sort());
    assert.deepEqual(await k.cluster.ping(CLUSTER), { version: 'v1.34.4' });
  });

  test('scale: the preview dry-runs 3 → 5 without changing anything; execute scales, and a retry changes nothing', async () => {
    const ns = await k.namespace('scale');
    await k.apply(deployment('api', ns, 3));
    const request = action(target('Deployment', 'api', ns), { verb: 'scale', replicas: 5 });
    const preview = await k.cluster.preview(CLUSTER, request, AS_COUNTERSIGN);
    assert.deepEqual(preview, { summary: 'scale deployment api 3 → 5', details: [], dryRun: true });
    assert.equal(fieldAt(await k.get('deployment', 'api', ns), ['spec', 'replicas']), 3);

    const result = await k.cluster.execute(CLUSTER, request, AS_COUNTERSIGN, {
      requestId: 'scale-1',
      approvedAt: APPROVED_AT,
    });
    assert.equal(result.summary, 'scaled deployment api 3 → 5');
    assert.equal(result.changed, true);
    assert.equal(fieldAt(await k.get('deployment', 'api', ns), ['spec', 'replicas']), 5);

    const retry = await k.cluster.execute(CLUSTER, request, AS_COUNTERSIGN, {
      requestId: 'scale-1',
      approvedAt: APPROVED_AT,
    });
    assert.equal(retry.changed, false);
    assert.equal(fieldAt(await k.get('deployment', 'api', ns), ['spec', 'replicas']), 5);
  });

  test('scale with the count seen at filing writes in one PATCH; a count changed since filing is read and shown', async () => {
    const ns = await k.namespace('scale-filed');
    await k.apply(deployment('api', ns, 3));
    await k.apply(deployment('web', ns, 3));
    const { uid } = await k.cluster.lookupTarget(CLUSTER, target('Deployment', 'api', ns));
    const methods: string[] = [];
    const onHeaders = (message: unknown): void => {
      const { request } = message as { request: { method: string; path: string } };
      if (request.path.includes(`/namespaces/${ns}/`)) methods.push(request.method);
    };
    diagnosticsChannel.subscribe('undici:client:sendHeaders', onHeaders);
    try {
      const api = action(target('Deployment', 'api', ns), { verb: 'scale', replicas: 5 });
      const context = { requestId: 'scale-filed-1', approvedAt: APPROVED_AT, targetUid: uid };
      const result = await k.cluster.execute(CLUSTER, api, AS_COUNTERSIGN, {
        ...context,
        replicasAtFiling: 3,
      });
      assert.deepEqual(methods, ['PATCH'], 'one PATCH, no read before it');
      assert.equal(result.summary, 'scaled deployment api 3 → 5');
      assert.equal(fieldAt(await k.get('deployment', 'api', ns), ['spec', 'replicas']), 5);

      const retry = await k.cluster.execute(CLUSTER, api, AS_COUNTERSIGN, {
        ...context,
        replicasAtFiling: 3,
      });
      assert.equal(retry.changed, false, 'a retry after success finds 5 already there');
      assert.equal(retry.summary, 'deployment api already had 5 replicas');

      const web = action(target('Deployment', 'web', ns), { verb: 'scale', replicas: 1 });
      const stale = await k.cluster.execute(CLUSTER, web, AS_COUNTERSIGN, {
        requestId: 'scale-filed-2',
        approvedAt: APPROVED_AT,
        replicasAtFiling: 4,
      });
      assert.equal(stale.summary, 'scaled deployment web 3 → 1', 'the count read, not the one from filing');
      assert.equal(fieldAt(await k.get('deployment', 'web', ns), ['spec', 'replicas']), 1);
    } finally {
      diagnosticsChannel.unsubscribe('undici:client:sendHeaders', onHeaders);
    }
  });

  test('restart stamps restartedAt with the approval time; the preview leaves the template alone; a retry writes nothing new', async () => {
    const ns = await k.namespace('restart');
    await k.apply(deployment('api', ns, 2));
    const request = action(target('Deployment', 'api', ns), { verb: 'restart' });
    const preview = await k.cluster.preview(CLUSTER, request, AS_COUNTERSIGN);
    assert.equal(preview.summary, 'restart deployment api: rolling restart of 2 pods');
    const restartedAt = ['spec', 'template', 'metadata', 'annotations', 'kubectl.kubernetes.io/restartedAt'];
    assert.equal(fieldAt(await k.get('deployment', 'api', ns), restartedAt), undefined);

    const context = { requestId: 'restart-1', approvedAt: APPROVED_AT };
    assert.equal((await k.cluster.execute(CLUSTER, request, AS_COUNTERSIGN, context)).changed, true);
    const first = await k.get('deployment', 'api', ns);
    assert.equal(fieldAt(first, restartedAt), rfc3339(APPROVED_AT));
    assert.equal(rfc3339(APPROVED_AT), '2026-01-05T10:30:00Z');

    const retry = await k.cluster.execute(CLUSTER, request, AS_COUNTERSIGN, context);
    assert.equal(retry.changed, false);
    const second = await k.get('deployment', 'api', ns);
    assert.equal(fieldAt(second, ['metadata', 'generation']), fieldAt(first, ['metadata', 'generation']));
  });

  test('cordon and uncordon set spec.unschedulable; previews change nothing', async () => {
    const node = `node-${Date.now().toString(36)}`;
    await k.apply(`{ apiVersion: v1, kind: Node, metadata: { name: ${node} } }`);
    const cordon = action(target('Node', node), { verb: 'cordon' });
    const uncordon = action(target('Node', node), { verb: 'uncordon' });
    const context = { requestId: 'cordon-1', approvedAt: APPROVED_AT };

    const preview = await k.cluster.preview(CLUSTER, cordon, AS_COUNTERSIGN);
    assert.equal(
      preview.summary,
      `cordon node ${node}: no new pods will be scheduled on it; running pods stay`,
    );
    assert.equal(fieldAt(await k.get('node', node), ['spec', 'unschedulable']), undefined);

    assert.equal((await k.cluster.execute(CLUSTER, cordon, AS_COUNTERSIGN, context)).changed, true);
    assert.equal(fieldAt(await k.get('node', node), ['spec', 'unschedulable']), true);
    assert.equal((await k.cluster.execute(CLUSTER, cordon, AS_COUNTERSIGN, context)).changed, false);
    assert.equal((await k.cluster.lookupTarget(CLUSTER, target('Node', node))).unschedulable, true);

    assert.equal(
      (await k.cluster.preview(CLUSTER, uncordon, AS_COUNTERSIGN)).summary,
      `uncordon node ${node}: pods may be scheduled on it again`,
    );
    assert.equal(fieldAt(await k.get('node', node), ['spec', 'unschedulable']), true);
    assert.equal((await k.cluster.execute(CLUSTER, uncordon, AS_COUNTERSIGN, context)).changed, true);
    assert.notEqual(fieldAt(await k.get('node', node), ['spec', 'unschedulable']), true);
    assert.equal((await k.cluster.execute(CLUSTER, uncordon, AS_COUNTERSIGN, context)).changed, false);
  });

  test('patch lists the fields the server says change, applies a merge patch, and refuses a misspelt field', async () => {
    const ns = await k.namespace('patch');
    await k.apply(deployment('api', ns, 1));
    const request = action(target('Deployment', 'api', ns), {
      verb: 'patch',
      patch: { spec: { paused: true }, metadata: { labels: { sensitivity: null, owner: 'sre' } } },
    });
    const preview = await k.cluster.preview(CLUSTER, request, AS_COUNTERSIGN);
    assert.equal(preview.summary, 'patch deployment api changes 3 fields');
    assert.deepEqual(
      [...(preview.changes ?? [])].sort((a, b) => a.path.localeCompare(b.path)),
      [
        { path: 'metadata.labels.owner', after: '"sre"' },
        { path: 'metadata.labels.sensitivity', before: '"high"' },
        { path: 'spec.paused', after: 'true' },
      ],
    );
    assert.equal(fieldAt(await k.get('deployment', 'api', ns), ['spec', 'paused']), undefined);

    const result = await k.cluster.execute(CLUSTER, request, AS_COUNTERSIGN, {
      requestId: 'patch-1',
      approvedAt: APPROVED_AT,
    });
    assert.equal(result.summary, 'patched deployment api: 3 fields changed');
    const after = await k.get('deployment', 'api', ns);
    assert.equal(fieldAt(after, ['spec', 'paused']), true);
    assert.equal(fieldAt(after, ['metadata', 'labels', 'sensitivity']), undefined);
    assert.equal(fieldAt(after, ['metadata', 'labels', 'owner']), 'sre');
    assert.equal(
      (
        await k.cluster.execute(CLUSTER, request, AS_COUNTERSIGN, {
          requestId: 'patch-1',
          approvedAt: APPROVED_AT,
        })
      ).changed,
      false,
    );

    const typo = action(target('Deployment', 'api', ns), {
      verb: 'patch',
      patch: { spec: { pasued: true } },
    });
    await assert.rejects(k.cluster.preview(CLUSTER, typo, AS_COUNTERSIGN), (error: unknown) => {
      assert.ok(error instanceof ClusterPermanentError);
      assert.equal(error.code, 'cluster_invalid');
      assert.match(error.message, /pasued/);
      return true;
    });
  });

  test('delete: the preview names the owning ReplicaSet and deletes nothing; a retry after success is success', async () => {
    const ns = await k.namespace('delete');
    await k.apply(`
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: api-5d8, namespace: ${ns} }
spec:
  replicas: 0
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: api, image: 'nginx:1.27' }] }
`);
    const rsUid = fieldAt(await k.get('replicaset', 'api-5d8', ns), ['metadata', 'uid']) as string;
    await k.apply(`
apiVersion: v1
kind: Pod
metadata:
  name: web-7f9c
  namespace: ${ns}
  labels: { app: api }
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: api-5d8, uid: ${rsUid}, controller: true }]
spec: { containers: [{ name: api, image: 'nginx:1.27' }] }
`);
    const request = action(target('Pod', 'web-7f9c', ns), { verb: 'delete' });
    const preview = await k.cluster.preview(CLUSTER, request, AS_COUNTERSIGN);
    assert.equal(preview.summary, `delete pod web-7f9c in namespace ${ns}`);
    assert.deepEqual(preview.details, ['pod web-7f9c is owned by ReplicaSet api-5d8 and will be recreated']);
    assert.equal(preview.dryRun, true);
    assert.equal(await k.gone('pod', 'web-7f9c', ns), false);

    const context = { requestId: 'delete-1', approvedAt: APPROVED_AT };
    assert.equal((await k.cluster.execute(CLUSTER, request, AS_COUNTERSIGN, context)).changed, true);
    assert.equal(await k.gone('pod', 'web-7f9c', ns), true);
    const retry = await k.cluster.execute(CLUSTER, request, AS_COUNTERSIGN, context);
    assert.equal(retry.changed, false);
    assert.equal(retry.summary, 'pod web-7f9c was already deleted');
  });

  test('delete with the filed UID never deletes a newer object of the same name', async () => {
    const ns = await k.namespace('delete-uid');
    const pod = `{ apiVersion: v1, kind: Pod, metadata: { name: db-0, namespace: ${ns} }, spec: { containers: [{ name: db, image: 'postgres:17' }] } }`;
    await k.apply(pod);
    const filed = await k.cluster.lookupTarget(CLUSTER, target('Pod', 'db-0', ns));
    await k.cp.kubectl(['delete', 'pod', 'db-0', '-n', ns]);
    await k.apply(pod);
    const request = action(target('Pod', 'db-0', ns), { verb: 'delete' });
    const result = await k.cluster.execute(CLUSTER, request, AS_COUNTERSIGN, {
      requestId: 'delete-2',
      approvedAt: APPROVED_AT,
      targetUid: filed.uid,
    });
    assert.equal(result.changed, false);
    assert.equal(await k.gone('pod', 'db-0', ns), false);
    assert.notEqual(fieldAt(await k.get('pod', 'db-0', ns), ['metadata', 'uid']), filed.uid);
  });

  test('an action on a kind the verb does not support is a permanent, user-facing refusal', async () => {
    const request = action(target('ConfigMap', 'settings', 'default'), { verb: 'scale', replicas: 2 });
    await assert.rejects(
      k.cluster.execute(CLUSTER, request, AS_COUNTERSIGN, { requestId: 'x', approvedAt: APPROVED_AT }),
      (error: unknown) => {
        assert.ok(error instanceof ClusterPermanentError);
        assert.match(
          error.toUserText(),
          /scale works on deployment, statefulset, replicaset, not on configmap settings\.\nExample: /,
        );
        return true;
      },
    );
  });
});
