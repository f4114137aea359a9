import type { ApiClients } from '../api-clients.ts';
import type { KubeObject } from '../kube-object.ts';
import { resourcePath } from '../resource-path.ts';
import { planRollback, type RollbackPlan } from './rollback-plan.ts';
import { requireKind } from './requires-kind.ts';
import { DRY_RUN, type RequestOf, type VerbHandler } from './verb-handler.ts';

/** Annotation naming the request that last rolled a Deployment back, so a retry does not roll back twice. */
export const ROLLBACK_REQUEST = 'countersign.io/rollback-request';

/**
 * `rollback deployment/NAME [--to-revision N]`, as `kubectl rollout undo`: copies the
 * target revision's pod template into the Deployment with a JSON patch. The same
 * patch stamps the request ID on the Deployment; a retry that finds it there stops,
 * because rolling back "to the previous revision" again would undo the rollback.
 */
export const rollbackVerb: VerbHandler<'rollback'> = {
  async preview({ reader, writer, request, label }) {
    requireKind('rollback', request.target, ['Deployment']);
    const plan = await planRollback(reader, request.target, request.toRevision, label);
    if (plan.alreadyCurrent) {
      return {
        summary: `${label.object} already runs the template of revision ${plan.targetRevision}; nothing will change`,
        details: [],
        dryRun: false,
      };
    }
    await send(writer, request, plan, 'dry-run', true);
    return {
      summary: `rollback ${label.object} ${fromTo(plan)}`,
      details: [...plan.imageChanges],
      dryRun: true,
    };
  },

  async execute({ reader, writer, request, label }, context) {
    requireKind('rollback', request.target, ['Deployment']);
    const plan = await planRollback(reader, request.target, request.toRevision, label).catch(
      async (error: unknown) => {
        if (await alreadyDone(reader, request, context.requestId)) return undefined;
        throw error;
      },
    );
    if (!plan || plan.deployment.metadata?.annotations?.[ROLLBACK_REQUEST] === context.requestId) {
      return {
        summary: `${label.object} was already rolled back by this request`,
        changed: false,
        details: [],
      };
    }
    if (plan.alreadyCurrent)
      return {
        summary: `${label.object} already runs the template of revision ${plan.targetRevision}`,
        changed: false,
        details: [],
      };
    await send(writer, request, plan, context.requestId, false);
    return {
      summary: `rolled back ${label.object} ${fromTo(plan)}`,
      changed: true,
      details: [...plan.imageChanges],
    };
  },
};

async function alreadyDone(
  reader: ApiClients,
  request: RequestOf<'rollback'>,
  requestId: string,
): Promise<boolean> {
  const deployment = await reader.rest
    .call<KubeObject>({ method: 'GET', path: resourcePath(request.target.kind, request.target) })
    .catch(() => undefined);
  return deployment?.metadata?.annotations?.[ROLLBACK_REQUEST] === requestId;
}

async function send(
  writer: ApiClients,
  request: RequestOf<'rollback'>,
  plan: RollbackPlan,
  requestId: string,
  dryRun: boolean,
): Promise<void> {
  const hasAnnotations = plan.deployment.metadata?.annotations !== undefined;
  const mark = hasAnnotations
    ? { op: 'add', path: `/metadata/annotations/${ROLLBACK_REQUEST.replace('/', '~1')}`, value: requestId }
    : { op: 'add', path: '/metadata/annotations', value: { [ROLLBACK_REQUEST]: requestId } };
  await writer.rest.call({
    method: 'PATCH',
    path: resourcePath(request.target.kind, request.target),
    query: dryRun ? DRY_RUN : {},
    body: [{ op: 'replace', path: '/spec/template', value: plan.template }, mark],
    contentType: 'application/json-patch+json',
  });
}

function fromTo(plan: RollbackPlan): string {
  return plan.currentRevision === undefined
    ? `to revision ${plan.targetRevision}`
    : `from revision ${plan.currentRevision} to revision ${plan.targetRevision}`;
}
