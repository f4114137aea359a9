import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ManagedBinding } from '../../../../src/core/ports/cluster-grants.ts';
import { sweepGrants } from '../../../../src/core/workflow/sweep-grants.ts';
import { RecordingCluster } from '../../../fakes/recording-cluster.ts';
import { workflowFixture } from './workflow-harness.ts';

/** Three clusters; `west` cannot be reached. Bindings are kept per cluster. */
class ThreeClusters extends RecordingCluster {
  readonly perCluster = new Map<string, Map<string, ManagedBinding>>([
    ['east', new Map()],
    ['west', new Map()],
    ['north', new Map()],
  ]);

  override clusterNames(): readonly string[] {
    return ['east', 'west', 'north'];
  }

  override listManagedBindings(cluster?: string): Promise<ManagedBinding[]> {
    if (cluster === 'west') return Promise.reject(new Error('connect ECONNREFUSED 10.0.0.2:6443'));
    return Promise.resolve([...(this.perCluster.get(cluster ?? '')?.values() ?? [])]);
  }

  override deleteGrant(cluster: string, ref: { requestId: string }): Promise<boolean> {
    return Promise.resolve(this.perCluster.get(cluster)?.delete(ref.requestId) ?? false);
  }

  put(cluster: string, requestId: string, expiresAt: number): void {
    this.perCluster.get(cluster)?.set(requestId, {
      requestId,
      namespace: 'prod-payments',
      bindingName: `countersign-${requestId}`,
      roleRef: { kind: 'ClusterRole', name: 'view' },
      expiresAt,
    });
  }
}

test('with one cluster unreachable the sweep still removes expired bindings on the others and names the unreachable one', async () => {
  const fixture = workflowFixture();
  const cluster = new ThreeClusters();
  const deps = { ...fixture.deps, cluster };
  const now = deps.clock.now();
  cluster.put('east', 'cs-orphaneast', now - 1000);
  cluster.put('west', 'cs-orphanwest', now - 1000);
  cluster.put('north', 'cs-orphannorth', now - 1000);
  cluster.put('north', 'cs-futurenorth', now + 3_600_000);

  const report = await sweepGrants(deps);

  assert.equal(report.removedBindings, 2);
  assert.deepEqual([...(cluster.perCluster.get('east')?.keys() ?? [])], []);
  assert.deepEqual([...(cluster.perCluster.get('north')?.keys() ?? [])], ['cs-futurenorth']);
  assert.deepEqual(report.unreachableClusters, [
    { cluster: 'west', error: 'connect ECONNREFUSED 10.0.0.2:6443' },
  ]);
  assert.deepEqual(
    fixture.audit.records.map((r) => [r.event.type, r.event.requestId]),
    [
      ['swept', 'cs-orphaneast'],
      ['swept', 'cs-orphannorth'],
    ],
  );
});
