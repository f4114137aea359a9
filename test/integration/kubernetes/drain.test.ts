import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fieldAt } from '../../../src/adapters/kubernetes/kube-object.ts';
import { ClusterTransientError } from '../../../src/core/ports/cluster-errors.ts';
import { action, CLUSTER, type ClusterFixture, startClusterFixture, target } from './cluster-fixture.ts';

// No controller manager here: the disruption controller would recompute the PDB's
// status, and this test sets it by hand to make the budget's answer exact.
describe('Kubernetes adapter: drain through the Eviction API', () => {
  let k: ClusterFixture;
  before(async () => {
    k = await startClusterFixture();
  });
  after(async () => {
    await k?.stop();
  });

  const runningPod = (name: string, ns: string, node: string, owner: string) => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${ns}
  labels: { app: web }
  ownerReferences: [{ apiVersion: apps/v1, kind: ${owner}, name: web-${owner.toLowerCase()}, uid: 0b3c5e2e-0000-4000-8000-000000000001, controller: true }]
spec:
  nodeName: ${node}
  containers: [{ name: web, image: 'nginx:1.27' }]
`;

  async function markRunning(pod: string, ns: string): Promise<void> {
    const status = { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } };
    await k.cp.kubectl([
      'patch',
      'pod',
      pod,
      '-n',
      ns,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify(status),
    ]);
  }

  async function setBudget(ns: string, disruptionsAllowed: number): Promise<void> {
    const generation = fieldAt(await k.get('pdb', 'web-pdb', ns), ['metadata', 'generation']) as number;
    const status = {
      status: {
        observedGeneration: generation,
        disruptionsAllowed,
        currentHealthy: 3,
        desiredHealthy: 2,
        expectedPods: 3,
      },
    };
    await k.cp.kubectl([
      'patch',
      'pdb',
      'web-pdb',
      '-n',
      ns,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify(status),
    ]);
  }

  const evicted = async (pod: string, ns: string) =>
    (await k.gone('pod', pod, ns)) ||
    fieldAt(await k.get('pod', pod, ns), ['metadata', 'deletionTimestamp']) !== undefined;

  test('cordons, evicts what the PDB allows, fails transiently on a 429, and finishes on retry once the budget allows', async () => {
    const ns = await k.namespace('drain');
    const node = `drain-${ns}`;
    await k.apply(`{ apiVersion: v1, kind: Node, metadata: { name: ${node} } }`);
    for (const pod of ['web-1', 'web-2', 'web-3']) await k.apply(runningPod(pod, ns, node, 'ReplicaSet'));
    await k.apply(runningPod('agent', ns, node, 'DaemonSet'));
    for (const pod of ['web-1', 'web-2', 'web-3', 'agent']) await markRunning(pod, ns);
    await k.apply(
      `{ apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: { name: web-pdb, namespace: ${ns} }, spec: { minAvailable: 2, selector: { matchLabels: { app: web } } } }`,
    );
    await setBudget(ns, 1);

    const request = action(target('Node', node), { verb: 'drain' });
    const preview = await k.cluster.preview(CLUSTER, request, { kind: 'countersign' });
    assert.equal(preview.summary, `drain node ${node} evicts 3 pods, PDB web-pdb allows 1 at a time`);
    assert.deepEqual(preview.details, ['cordons the node first', 'skips 1 DaemonSet pod']);
    assert.equal(fieldAt(await k.get('node', node), ['spec', 'unschedulable']), undefined);
    for (const pod of ['web-1', 'web-2', 'web-3'])
      assert.equal(await evicted(pod, ns), false, `${pod} untouched by the preview`);

    const context = { requestId: 'drain-1', approvedAt: Date.UTC(2026, 0, 5) };
    await assert.rejects(
      k.cluster.execute(CLUSTER, request, { kind: 'countersign' }, context),
      (error: unknown) => {
        assert.ok(error instanceof ClusterTransientError);
        assert.equal(error.status, 429);
        assert.match(error.message, /evicted 1 of 3 pods; a PodDisruptionBudget blocks/);
        return true;
      },
    );
    assert.equal(fieldAt(await k.get('node', node), ['spec', 'unschedulable']), true);
    const afterFirst = await Promise.all(['web-1', 'web-2', 'web-3'].map((pod) => evicted(pod, ns)));
    assert.equal(afterFirst.filter(Boolean).length, 1, 'the budget let exactly one pod go');
    assert.equal(await evicted('agent', ns), false, 'DaemonSet pods stay');

    await setBudget(ns, 2);
    const result = await k.cluster.execute(CLUSTER, request, { kind: 'countersign' }, context);
    assert.equal(result.summary, `drained node ${node}: evicted 2 pods`);
    for (const pod of ['web-1', 'web-2', 'web-3'])
      assert.equal(await evicted(pod, ns), true, `${pod} evicted`);
    assert.equal(await evicted('agent', ns), false);
  });
});
