import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ManagedBinding } from '../../../../src/core/ports/cluster-grants.ts';
import { decideRequest } from '../../../../src/core/workflow/decide-request.ts';
import { grantAccess } from '../../../../src/core/workflow/grant-access.ts';
import { submitRequest } from '../../../../src/core/workflow/submit-request.ts';
import { sweepGrants } from '../../../../src/core/workflow/sweep-grants.ts';
import { RecordingCluster } from '../../../fakes/recording-cluster.ts';
import { people, workflowFixture } from './workflow-harness.ts';

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

test('a due grant whose binding sits on an unreachable cluster is ended in the store, and the sweep goes on', async () => {
  const fixture = workflowFixture();
  const { deps, clock, submission } = fixture;
  const grant = async (): Promise<string> => {
    const { id } = await submitRequest(
      deps,
      submission('access role/view -n prod-payments --for 1h --reason "debug INC-4312"'),
    );
    await decideRequest(deps, { requestId: id, person: people.bob, verdict: 'approve' });
    await decideRequest(deps, { requestId: id, person: people.carol, verdict: 'approve' });
    assert.equal(await grantAccess(deps, id), 'done');
    return id;
  };
  const first = await grant();
  const second = await grant();
  clock.advance(2 * 3_600_000);
  const refusing = Object.create(fixture.cluster) as typeof fixture.cluster;
  const down = (): Promise<never> => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.9:6443'));
  refusing.listManagedBindings = down;
  refusing.deleteGrant = down;

  const report = await sweepGrants({ ...deps, cluster: refusing });

  assert.deepEqual(report, {
    removedBindings: 0,
    endedGrants: 0,
    unreachableClusters: [{ cluster: 'test', error: 'connect ECONNREFUSED 10.0.0.9:6443' }],
  });
  assert.equal((await deps.store.get(first))?.state, 'expired', 'both due grants ended in the store');
  assert.equal((await deps.store.get(second))?.state, 'expired');

  const later = await sweepGrants(deps);
  assert.equal(later.removedBindings, 2, 'the next sweep of the reachable cluster removes both bindings');
  assert.equal(fixture.cluster.bindings.size, 0);
});
