import { ApiException } from '@kubernetes/client-node';
import type { ExecutionContext } from '../../../core/ports/cluster.ts';
import type { TargetRef } from '../../../core/requests/request-types.ts';
import type { ApiClients } from '../api-clients.ts';
import { type KubeObject, numberAt } from '../kube-object.ts';
import { resourcePath } from '../resource-path.ts';
import { requireApprovedObject, uidPrecondition, writeApproved } from './approved-object.ts';
import { requireKind } from './requires-kind.ts';
import { DRY_RUN, JSON_PATCH, MERGE_PATCH, type VerbHandler, type VerbInput } from './verb-handler.ts';

const SCALABLE = ['Deployment', 'StatefulSet', 'ReplicaSet'];

/**
 * `scale KIND/NAME --replicas N` through the scale subresource (so RBAC on
 * `deployments/scale` applies), only on the approved object (its UID). Setting the
 * same count twice is harmless, so a retry simply writes it again. The count from
 * filing saves the read before the write while it is still the object's.
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

  async execute(input, context) {
    const { request, label } = input;
    requireKind('scale', request.target, SCALABLE);
    const from = (await scaleFromFiled(input, context)) ?? (await scaleFromRead(input, context));
    if (from === request.replicas)
      return { summary: `${label.object} already had ${from} replicas`, changed: false, details: [] };
    return { summary: `scaled ${label.object} ${from} → ${request.replicas}`, changed: true, details: [] };
  },
};

/**
 * Scales with one JSON patch that the API server applies only while the object is the
 * approved one (its UID) and still has the replicas seen at filing, so that count is
 * the truthful "from" without reading the object first. Resolves that count, or
 * undefined when there is none to test (0 is left out of the object, so it is read) or
 * a test failed (changed since filing, a retry after success, a replaced object):
 * then {@link scaleFromRead} decides as it always did.
 */
async function scaleFromFiled(
  { writer, request }: VerbInput<'scale'>,
  context: ExecutionContext,
): Promise<number | undefined> {
  const from = context.replicasAtFiling;
  if (from === undefined || from === 0) return undefined;
  const uid =
    context.targetUid === undefined ? [] : [{ op: 'test', path: '/metadata/uid', value: context.targetUid }];
  try {
    await writer.rest.call({
      method: 'PATCH',
      path: scalePath(request.target),
      body: [
        ...uid,
        { op: 'test', path: '/spec/replicas', value: from },
        { op: 'replace', path: '/spec/replicas', value: request.replicas },
      ],
      contentType: JSON_PATCH,
    });
    return from;
  } catch (error) {
    if (error instanceof ApiException && (error as ApiException<unknown>).code === 422) return undefined;
    throw error;
  }
}

/** Reads the count, refuses a replaced object, and writes the new count with the UID as precondition; resolves the count read. */
async function scaleFromRead(
  { reader, writer, request, label }: VerbInput<'scale'>,
  context: ExecutionContext,
): Promise<number> {
  const scale = await reader.rest.call<KubeObject>({ method: 'GET', path: scalePath(request.target) });
  requireApprovedObject(scale, context, label);
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
  return numberAt(scale, ['spec', 'replicas']) ?? 0;
}

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
