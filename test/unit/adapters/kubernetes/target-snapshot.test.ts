import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { targetSnapshot } from '../../../../src/adapters/kubernetes/target-snapshot.ts';
import { kindInfo } from '../../../../src/core/requests/kinds.ts';

describe('target snapshot', () => {
  test('a Deployment gives labels, annotations, replicas, revision and paused', () => {
    const target = { kind: kindInfo('Deployment'), name: 'api', namespace: 'prod' };
    const snapshot = targetSnapshot(target, {
      metadata: {
        uid: 'u1',
        resourceVersion: '42',
        labels: { app: 'api' },
        annotations: { 'deployment.kubernetes.io/revision': '4' },
      },
      spec: { replicas: 3, paused: true },
    });
    assert.deepEqual(snapshot, {
      target,
      labels: { app: 'api' },
      annotations: { 'deployment.kubernetes.io/revision': '4' },
      uid: 'u1',
      resourceVersion: '42',
      ownerReferences: [],
      replicas: 3,
      revision: 4,
      paused: true,
    });
  });

  test('a pod lists its owners; a node says whether it is cordoned', () => {
    const pod = targetSnapshot(
      { kind: kindInfo('Pod'), name: 'web-7f9c', namespace: 'prod' },
      {
        metadata: { ownerReferences: [{ kind: 'ReplicaSet', name: 'api-5d8', uid: 'x', controller: true }] },
      },
    );
    assert.deepEqual(pod.ownerReferences, [{ kind: 'ReplicaSet', name: 'api-5d8', controller: true }]);
    assert.equal(pod.replicas, undefined);
    assert.equal(targetSnapshot({ kind: kindInfo('Node'), name: 'n1' }, { spec: {} }).unschedulable, false);
  });
});
