import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fieldAt } from '../../../src/adapters/kubernetes/kube-object.ts';
import { ClusterPermanentError } from '../../../src/core/ports/cluster-errors.ts';
import {
  action,
  CLUSTER,
  type ClusterFixture,
  eventually,
  startClusterFixture,
  target,
} from './cluster-fixture.ts';

const AS_COUNTERSIGN = { kind: 'countersign' } as const;

// The deployment controller (controller manager) makes the ReplicaSets and revisions
// that `kubectl rollout undo` reads, so the rollback is proven against the real thing.
describe('Kubernetes adapter: rollback as kubectl rollout undo', () => {
  let k: ClusterFixture;
  let ns: string;
  before(async () => {
    k = await startClusterFixture({ controllerManager: true });
    ns = await k.namespace('rollback');
    await k.apply(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: ${ns} }
spec:
  replicas: 1
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: api, image: 'nginx:1.26' }] }
`);
    await revision(1);
    await k.cp.kubectl(['set', 'image', 'deployment/api', 'api=nginx:1.27', '-n', ns]);
    await revision(2);
  });
  after(async () => {
    await k?.stop();
  });

  async function revision(expected: number): Promise<void> {
    await eventually(`deployment api at revision ${expected}`, async () => {
      const deployment = await k.get('deployment', 'api', ns);
      return (
        fieldAt(deployment, ['metadata', 'annotations', 'deployment.kubernetes.io/revision']) ===
        String(expected)
      );
    });
  }

  const containerImage = async () => {
    const containers = fieldAt(await k.get('deployment', 'api', ns), [
      'spec',
      'template',
      'spec',
      'containers',
    ]) as { image: string }[];
    return containers[0]?.image;
  };

  test('preview names the revisions and image change and changes nothing; execute restores the previous template once', async () => {
    const request = action(target('Deployment', 'api', ns), { verb: 'rollback' });
    const preview = await k.cluster.preview(CLUSTER, request, AS_COUNTERSIGN);
    assert.deepEqual(preview, {
      summary: 'rollback deployment api from revision 2 to revision 1',
      details: ['container api: image nginx:1.27 → nginx:1.26'],
      dryRun: true,
      rollback: { from: 2, to: 1 },
    });
    assert.equal(await containerImage(), 'nginx:1.27');

    const context = { requestId: 'rb-1', approvedAt: Date.UTC(2026, 0, 5) };
    const result = await k.cluster.execute(CLUSTER, request, AS_COUNTERSIGN, context);
    assert.equal(result.summary, 'rolled back deployment api from revision 2 to revision 1');
    assert.equal(await containerImage(), 'nginx:1.26');
    const labels = fieldAt(await k.get('deployment', 'api', ns), ['spec', 'template', 'metadata', 'labels']);
    assert.deepEqual(labels, { app: 'api' }, 'no pod-template-hash copied from the ReplicaSet');
    await revision(3);

    const retry = await k.cluster.execute(CLUSTER, request, AS_COUNTERSIGN, context);
    assert.equal(retry.changed, false, 'a retry does not undo the rollback');
    assert.equal(await containerImage(), 'nginx:1.26');
  });

  test('--to-revision picks that revision; one that does not exist is a permanent refusal listing the revisions', async () => {
    await revision(3);
    const toTwo = action(target('Deployment', 'api', ns), { verb: 'rollback', toRevision: 2 });
    const result = await k.cluster.execute(CLUSTER, toTwo, AS_COUNTERSIGN, {
      requestId: 'rb-2',
      approvedAt: Date.UTC(2026, 0, 6),
    });
    assert.equal(result.summary, 'rolled back deployment api from revision 3 to revision 2');
    assert.equal(await containerImage(), 'nginx:1.27');
    await revision(4);

    const missing = action(target('Deployment', 'api', ns), { verb: 'rollback', toRevision: 9 });
    await assert.rejects(k.cluster.preview(CLUSTER, missing, AS_COUNTERSIGN), (error: unknown) => {
      assert.ok(error instanceof ClusterPermanentError);
      assert.equal(error.message, 'Deployment api has no revision 9; it has revisions 3, 4.');
      return true;
    });
  });
});
