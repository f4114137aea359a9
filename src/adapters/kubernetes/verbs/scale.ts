import type { TargetRef } from '../../../core/requests/request-types.ts';
import type { ApiClients } from '../api-clients.ts';
import { type KubeObject, numberAt } from '../kube-object.ts';
import { resourcePath } from '../resource-path.ts';
import { requireApprovedObject, uidPrecondition, writeApproved } from './approved-object.ts';
import { requireKind } from './requires-kind.ts';
import { DRY_RUN, MERGE_PATCH, type VerbHandler } from './verb-handler.ts';

const SCALABLE = ['Deployment', 'StatefulSet', 'ReplicaSet'];

/**
 * `scale KIND/NAME --replicas N` through the scale subresource (so RBAC on
 * `deployments/scale` applies), only on the approved object (its UID). Setting the
 * same count twice is harmless, so a retry simply writes it again.
 */
export const scaleVerb: VerbHandler<'scale'> = {
  async preview({ reader, writer, request, label }) {
    requireKind('scale', request.target, SCALABLE);
    const from = await currentReplicas(reader, request.target);
    await writer.rest.call({
      method: 'PATCH',
      path: scalePath(request.target),
      query: DRY_RUN,
      body: body(request.replicas),
      contentType: MERGE_PATCH,
    });
    const summary =
      from === request.replicas
        ? `${label.object} already has ${from} replicas; nothing will change`
        : `scale ${label.object} ${from} → ${request.replicas}`;
    return { summary, details: [], dryRun: true };
  },

  async execute({ reader, writer, request, label }, context) {
    requireKind('scale', request.target, SCALABLE);
    const scale = await reader.rest.call<KubeObject>({ method: 'GET', path: scalePath(request.target) });
    requireApprovedObject(scale, context, label);
    const from = numberAt(scale, ['spec', 'replicas']) ?? 0;
    await writeApproved(
      () =>
        writer.rest.call({
          method: 'PATCH',
          path: scalePath(request.target),
          body: { ...uidPrecondition(context), ...body(request.replicas) },
          contentType: MERGE_PATCH,
        }),
      context,
      label,
    );
    if (from === request.replicas)
      return { summary: `${label.object} already had ${from} replicas`, changed: false, details: [] };
    return { summary: `scaled ${label.object} ${from} → ${request.replicas}`, changed: true, details: [] };
  },
};

async function currentReplicas(clients: ApiClients, target: TargetRef): Promise<number> {
  const scale = await clients.rest.call<unknown>({ method: 'GET', path: scalePath(target) });
  return numberAt(scale, ['spec', 'replicas']) ?? 0;
}

function scalePath(target: TargetRef): string {
  return resourcePath(target.kind, { ...target, subresource: 'scale' });
}

function body(replicas: number): { spec: { replicas: number } } {
  return { spec: { replicas } };
}
