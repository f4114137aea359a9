import type { TargetSnapshot } from '../../core/ports/cluster.ts';
import type { TargetRef } from '../../core/requests/request-types.ts';
import { fieldAt, type KubeObject } from './kube-object.ts';

const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

/** What policy and the card need from a target object, read from its JSON. */
export function targetSnapshot(target: TargetRef, object: KubeObject): TargetSnapshot {
  const meta = object.metadata ?? {};
  const kind = target.kind.kind;
  const revision = Number(meta.annotations?.['deployment.kubernetes.io/revision']);
  return {
    target,
    labels: { ...meta.labels },
    annotations: { ...meta.annotations },
    uid: meta.uid ?? '',
    resourceVersion: meta.resourceVersion ?? '',
    ownerReferences: (meta.ownerReferences ?? []).map((o) => ({
      kind: o.kind,
      name: o.name,
      controller: o.controller === true,
    })),
    ...(SCALABLE.has(kind) ? { replicas: replicasOf(object) } : {}),
    ...(kind === 'Node' ? { unschedulable: fieldAt(object, ['spec', 'unschedulable']) === true } : {}),
    ...(kind === 'Deployment' && Number.isInteger(revision) ? { revision } : {}),
    ...(kind === 'Deployment' ? { paused: fieldAt(object, ['spec', 'paused']) === true } : {}),
  };
}

/** `spec.replicas`, which the API defaults to 1 when unset. */
export function replicasOf(object: KubeObject): number {
  const replicas = fieldAt(object, ['spec', 'replicas']);
  return typeof replicas === 'number' ? replicas : 1;
}
