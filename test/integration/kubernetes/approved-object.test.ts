import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fieldAt } from '../../../src/adapters/kubernetes/kube-object.ts';
import type { ExecutionContext } from '../../../src/core/ports/cluster.ts';
import { ClusterPermanentError } from '../../../src/core/ports/cluster-errors.ts';
import type { ActionRequest as Request } from '../../../src/core/requests/request-types.ts';
import {
  action,
  CLUSTER,
  type ClusterFixture,
  eventually,
  startClusterFixture,
  target,
} from './cluster-fixture.ts';

const AS_COUNTERSIGN = { kind: 'countersign' } as const;
const APPROVED_AT = Date.UTC(2026, 0, 5, 10, 30, 0);

const deployment = (name: string, namespace: string, image: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  replicas: 2
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec: { containers: [{ name: ${name}, image: '${image}' }] }
`;

// Every verb acts only on the object the approvers saw: filing records the target's UID
// (and, for a rollback, the revisions on the card); if the target is recreated or
// rolled out before execution, the request fails and nothing is changed.
describe('Kubernetes adapter: every verb acts only on the approved object', () => {
  let k: ClusterFixture;
  before(async () => {
    k = await startClusterFixture({ controllerManager: true });
  });
  after(async () => {
    await k?.stop();
  });

  /** Files `request` as the workflow does: looks the target up and previews it, keeping what gets pinned. */
  async function file(request: Request, id: string): Promise<ExecutionContext> {
    const snapshot = await k.cluster.lookupTarget(CLUSTER, request.target);
    const preview = await k.cluster.preview(CLUSTER, request, AS_COUNTERSIGN);
    return {
      requestId: id,
      approvedAt: APPROVED_AT,
      targetUid: snapshot.uid,
      ...(preview.rollback ? { rollback: preview.rollback } : {}),
      ...(snapshot.replicas === undefined ? {} : { replicasAtFiling: snapshot.replicas }),
    };
  }

  async function refused(request: Request, context: ExecutionContext, message: RegExp): Promise<void> {
    await assert.rejects(k.cluster.execute(CLUSTER, request, AS_COUNTERSIGN, context), (error: unknown) => {
      assert.ok(error instanceof ClusterPermanentError, String(error));
      assert.equal(error.code, 'target_changed');
      assert.match(error.message, message);
      return true;
    });
  }

  async function recreate(kind: string, name: string, yaml: string, namespace?: string): Promise<void> {
    await k.cp.kubectl(['delete', kind, name, '--wait=true', ...(namespace ? ['-n', namespace] : [])]);
    await k.apply(yaml);
  }

  const recreated =
    /is not the object that was approved: it was deleted and recreated since the request was filed \(UID [0-9a-f-]+ approved, [0-9a-f-]+ now\)\. Nothing was changed/;

  test('scale, restart and patch of a Deployment recreated after filing fail and leave the new one alone', async () => {
    const ns = await k.namespace('pinned');
    await k.apply(deployment('api', ns, 'nginx:1.27'));
    const on = target('Deployment', 'api', ns);
    const scale = action(on, { verb: 'scale', replicas: 5 });
    const restart = action(on, { verb: 'restart' });
    const patch = action(on, { verb: 'patch', patch: { metadata: { labels: { owner: 'sre' } } } });
    const filed = await Promise.all([
      file(scale, 'scale-1'),
      file(restart, 'restart-1'),
      file(patch, 'patch-1'),
    ]);

    await recreate('deployment', 'api', deployment('api', ns, 'nginx:1.27'), ns);
    const [scaleContext, restartContext, patchContext] = filed;
    await refused(scale, scaleContext, recreated);
    await refused(restart, restartContext, recreated);
    await refused(patch, patchContext, recreated);

    const now = await k.get('deployment', 'api', ns);
    assert.notEqual(fieldAt(now, ['metadata', 'uid']), scaleContext.targetUid);
    assert.equal(fieldAt(now, ['spec', 'replicas']), 2);
    assert.equal(fieldAt(now, ['spec', 'template', 'metadata', 'annotations']), undefined);
    assert.equal(fieldAt(now, ['metadata', 'labels', 'owner']), undefined);

    // The same requests, filed against the object that is there now, run.
    const fresh = await file(scale, 'scale-2');
    assert.equal((await k.cluster.execute(CLUSTER, scale, AS_COUNTERSIGN, fresh)).changed, true);
    assert.equal(fieldAt(await k.get('deployment', 'api', ns), ['spec', 'replicas']), 5);
    const freshPatch = await file(patch, 'patch-2');
    assert.equal((await k.cluster.execute(CLUSTER, patch, AS_COUNTERSIGN, freshPatch)).changed, true);
    assert.equal(fieldAt(await k.get('deployment', 'api', ns), ['metadata', 'labels', 'owner']), 'sre');
  });

  test('cordon, uncordon and drain of a node re-registered under the same name fail and leave it alone', async () => {
    const node = `node-${Date.now().toString(36)}`;
    const yaml = `{ apiVersion: v1, kind: Node, metadata: { name: ${node} } }`;
    await k.apply(yaml);
    const on = target('Node', node);
    const cordon = action(on, { verb: 'cordon' });
    const drain = action(on, { verb: 'drain' });
    const cordonContext = await file(cordon, 'cordon-1');
    const drainContext = await file(drain, 'drain-1');
    await recreate('node', node, yaml);
    await refused(cordon, cordonContext, recreated);
    await refused(drain, drainContext, recreated);
    assert.equal(fieldAt(await k.get('node', node), ['spec', 'unschedulable']), undefined);

    await k.cp.kubectl(['cordon', node]);
    const uncordon = action(on, { verb: 'uncordon' });
    const uncordonContext = await file(uncordon, 'uncordon-1');
    await recreate(
      'node',
      node,
      `{ apiVersion: v1, kind: Node, metadata: { name: ${node} }, spec: { unschedulable: true } }`,
    );
    await refused(uncordon, uncordonContext, recreated);
    assert.equal(fieldAt(await k.get('node', node), ['spec', 'unschedulable']), true);
  });

  test('delete of a target recreated after filing deletes nothing', async () => {
    const ns = await k.namespace('pinned-delete');
    await k.apply(deployment('db', ns, 'nginx:1.27'));
    const request = action(target('Deployment', 'db', ns), { verb: 'delete' });
    const context = await file(request, 'delete-1');
    await recreate('deployment', 'db', deployment('db', ns, 'nginx:1.27'), ns);
    const result = await k.cluster.execute(CLUSTER, request, AS_COUNTERSIGN, context);
    assert.equal(result.changed, false);
    assert.equal(await k.gone('deployment', 'db', ns), false);
  });

  describe('rollback', () => {
    async function revision(ns: string, expected: number): Promise<void> {
      await eventually(`deployment api at revision ${expected}`, async () => {
        const object = await k.get('deployment', 'api', ns);
        return (
          fieldAt(object, ['metadata', 'annotations', 'deployment.kubernetes.io/revision']) ===
          String(expected)
        );
      });
    }

    async function image(ns: string): Promise<unknown> {
      const containers = fieldAt(await k.get('deployment', 'api', ns), [
        'spec',
        'template',
        'spec',
        'containers',
      ]);
      return (containers as { image?: string }[])[0]?.image;
    }

    async function twoRevisions(prefix: string): Promise<string> {
      const ns = await k.namespace(prefix);
      await k.apply(deployment('api', ns, 'nginx:1.26'));
      await revision(ns, 1);
      await k.cp.kubectl(['set', 'image', 'deployment/api', 'api=nginx:1.27', '-n', ns]);
      await revision(ns, 2);
      return ns;
    }

    test('a rollout between filing and execution fails the rollback instead of rolling back to a revision nobody saw', async () => {
      const ns = await twoRevisions('pinned-rollback');
      const request = action(target('Deployment', 'api', ns), { verb: 'rollback' });
      const context = await file(request, 'rollback-1');
      assert.deepEqual(context.rollback, { from: 2, to: 1 });

      // CI ships revision 3; "roll back to the previous revision" would now mean revision 2.
      await k.cp.kubectl(['set', 'image', 'deployment/api', 'api=nginx:1.28', '-n', ns]);
      await revision(ns, 3);
      await refused(
        request,
        context,
        /^Deployment api in namespace \S+ on cluster test is at revision 3 now, not revision 2 as approved: it was rolled out since the request was filed\. Nothing was rolled back/,
      );
      assert.equal(await image(ns), 'nginx:1.28');
    });

    test('a rollback of a Deployment recreated after filing fails; the approved one runs exactly as shown', async () => {
      const ns = await twoRevisions('pinned-recreated');
      const request = action(target('Deployment', 'api', ns), { verb: 'rollback' });
      const context = await file(request, 'rollback-2');
      await recreate('deployment', 'api', deployment('api', ns, 'nginx:1.27'), ns);
      await refused(request, context, recreated);
      assert.equal(await image(ns), 'nginx:1.27');

      const ns2 = await twoRevisions('pinned-runs');
      const approved = await file(request2(ns2), 'rollback-3');
      const result = await k.cluster.execute(CLUSTER, request2(ns2), AS_COUNTERSIGN, approved);
      assert.equal(result.summary, 'rolled back deployment api from revision 2 to revision 1');
      assert.equal(await image(ns2), 'nginx:1.26');
      await revision(ns2, 3);
      const retry = await k.cluster.execute(CLUSTER, request2(ns2), AS_COUNTERSIGN, approved);
      assert.equal(retry.changed, false, 'a retry after success is done, not a revision mismatch');
    });

    const request2 = (ns: string) => action(target('Deployment', 'api', ns), { verb: 'rollback' });
  });
});
