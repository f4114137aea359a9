import type { KubeObject } from '../kube-object.ts';
import { fieldAt, numberAt } from '../kube-object.ts';
import { readTarget } from '../read-target.ts';
import { resourcePath } from '../resource-path.ts';
import { rfc3339 } from '../rfc3339.ts';
import { requireApprovedObject, uidPrecondition, writeApproved } from './approved-object.ts';
import { requireKind } from './requires-kind.ts';
import { DRY_RUN, MERGE_PATCH, type VerbHandler } from './verb-handler.ts';

const RESTARTABLE = ['Deployment', 'StatefulSet', 'DaemonSet'];
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/**
 * `restart KIND/NAME`, as `kubectl rollout restart`: stamps the pod template's
 * `kubectl.kubernetes.io/restartedAt` annotation, which rolls the pods. The stamp is
 * the approval time, so a retry writes the same value and restarts nothing twice. Only
 * the approved object (its UID) is stamped.
 */
export const restartVerb: VerbHandler<'restart'> = {
  async preview({ reader, writer, request, label }) {
    requireKind('restart', request.target, RESTARTABLE);
    const object = await readTarget(reader, request.target, label);
    await writer.rest.call({
      method: 'PATCH',
      path: resourcePath(request.target.kind, request.target),
      query: DRY_RUN,
      body: stamp(rfc3339(Date.now())),
      contentType: MERGE_PATCH,
    });
    const details =
      fieldAt(object, ['spec', 'paused']) === true
        ? [`${label.object} is paused: its pods restart only when it is resumed`]
        : [];
    return {
      summary: `restart ${label.object}: rolling restart of ${podCount(object)}`,
      details,
      dryRun: true,
    };
  },

  async execute({ reader, writer, request, label }, context) {
    requireKind('restart', request.target, RESTARTABLE);
    const at = rfc3339(context.approvedAt);
    const object = await readTarget(reader, request.target, label);
    requireApprovedObject(object, context, label);
    if (fieldAt(object, ['spec', 'template', 'metadata', 'annotations', RESTARTED_AT]) === at) {
      return { summary: `${label.object} was already restarted at ${at}`, changed: false, details: [] };
    }
    await writeApproved(
      () =>
        writer.rest.call({
          method: 'PATCH',
          path: resourcePath(request.target.kind, request.target),
          body: { ...uidPrecondition(context), ...stamp(at) },
          contentType: MERGE_PATCH,
        }),
      context,
      label,
    );
    return { summary: `restarted ${label.object} (restartedAt ${at})`, changed: true, details: [] };
  },
};

function stamp(at: string): { spec: unknown } {
  return { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: at } } } } };
}

function podCount(object: KubeObject): string {
  const count =
    numberAt(object, ['spec', 'replicas']) ?? numberAt(object, ['status', 'desiredNumberScheduled']);
  if (count === undefined) return 'its pods';
  return count === 1 ? '1 pod' : `${count} pods`;
}
