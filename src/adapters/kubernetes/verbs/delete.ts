import type { TargetRef } from '../../../core/requests/request-types.ts';
import { hasStatus } from '../cluster-error.ts';
import type { KubeObject } from '../kube-object.ts';
import { readTarget } from '../read-target.ts';
import { resourcePath } from '../resource-path.ts';
import { DRY_RUN, type VerbHandler } from './verb-handler.ts';

const RECREATING_CONTROLLERS = new Set(['ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController']);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

/**
 * `delete KIND/NAME`: a server-side dry-run delete for the preview, which says what
 * owns a pod and whether it comes back; a real delete (background propagation) for
 * execution, where 404 means already done.
 */
export const deleteVerb: VerbHandler<'delete'> = {
  async preview({ reader, writer, request, label }) {
    const object = await readTarget(reader, request.target, label);
    await writer.rest.call({
      method: 'DELETE',
      path: resourcePath(request.target.kind, request.target),
      query: DRY_RUN,
    });
    return {
      summary: `${label.operation} ${scopeOf(request.target)}`.trim(),
      details: consequences(request.target, object),
      dryRun: true,
    };
  },

  async execute({ writer, request, label }, context) {
    const path = resourcePath(request.target.kind, request.target);
    const body = context.targetUid
      ? { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: context.targetUid } }
      : undefined;
    try {
      await writer.rest.call({ method: 'DELETE', path, body });
    } catch (error) {
      const replaced = context.targetUid !== undefined && hasStatus(error, 409);
      if (!hasStatus(error, 404) && !replaced) throw error;
      const note = replaced
        ? `${label.object} was already deleted (a newer object of that name exists)`
        : `${label.object} was already deleted`;
      return { summary: note, changed: false, details: [] };
    }
    return {
      summary: `deleted ${label.object} ${scopeOf(request.target)}`.trim(),
      changed: true,
      details: [],
    };
  },
};

function scopeOf(target: TargetRef): string {
  return target.namespace ? `in namespace ${target.namespace}` : '';
}

function consequences(target: TargetRef, object: KubeObject): string[] {
  const kind = target.kind.kind;
  if (kind === 'Pod') {
    const owner = object.metadata?.ownerReferences?.find((o) => o.controller === true);
    if (!owner) return [`pod ${target.name} has no controller and will not be recreated`];
    if (RECREATING_CONTROLLERS.has(owner.kind))
      return [`pod ${target.name} is owned by ${owner.kind} ${owner.name} and will be recreated`];
    if (owner.kind === 'Job')
      return [`pod ${target.name} is owned by Job ${owner.name}, which may start a replacement`];
    return [`pod ${target.name} is owned by ${owner.kind} ${owner.name}`];
  }
  if (WORKLOADS.has(kind))
    return [`the objects it owns (ReplicaSets, pods) are removed by garbage collection`];
  if (kind === 'Namespace') return [`everything in namespace ${target.name} is deleted with it`];
  if (kind === 'Node')
    return [`the node object is removed without evicting its pods first (drain does that)`];
  return [];
}
