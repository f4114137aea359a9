import type { ExecutionContext } from '../../../core/ports/cluster.ts';
import { ClusterPermanentError } from '../../../core/ports/cluster-errors.ts';
import type { ApiClients } from '../api-clients.ts';
import type { KubeObject } from '../kube-object.ts';
import { capitalized, type OperationLabel } from '../operation-label.ts';
import { readTarget } from '../read-target.ts';
import { resourcePath } from '../resource-path.ts';
import { requireApprovedObject, writeApproved } from './approved-object.ts';
import { planRollback, type RollbackPlan } from './rollback-plan.ts';
import { requireKind } from './requires-kind.ts';
import { DRY_RUN, JSON_PATCH, type RequestOf, type VerbHandler } from './verb-handler.ts';

/** Annotation naming the request that last rolled a Deployment back, so a retry does not roll back twice. */
export const ROLLBACK_REQUEST = 'countersign.io/rollback-request';

const REVISION = 'deployment.kubernetes.io/revision';

/**
 * `rollback deployment/NAME [--to-revision N]`, as `kubectl rollout undo`: copies the
 * target revision's pod template into the Deployment with a JSON patch. The same
 * patch stamps the request ID on the Deployment; a retry that finds it there stops,
 * because rolling back "to the previous revision" again would undo the rollback.
 * Execution rolls back exactly what the card showed: the approved object (UID), from
 * the revision it was at, to the revision named; a rollout in between fails it.
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
    await send(writer, request, plan, 'dry-run', true, {});
    return {
      summary: `rollback ${label.object} ${fromTo(plan)}`,
      details: [...plan.imageChanges],
      dryRun: true,
      rollback: {
        ...(plan.currentRevision === undefined ? {} : { from: plan.currentRevision }),
        to: plan.targetRevision,
      },
    };
  },

  async execute({ reader, writer, request, label }, context) {
    requireKind('rollback', request.target, ['Deployment']);
    const deployment = await readTarget(reader, request.target, label);
    requireApprovedObject(deployment, context, label);
    if (deployment.metadata?.annotations?.[ROLLBACK_REQUEST] === context.requestId) {
      return {
        summary: `${label.object} was already rolled back by this request`,
        changed: false,
        details: [],
      };
    }
    requireApprovedRevision(deployment, context, label);
    const toRevision = context.rollback?.to ?? request.toRevision;
    const plan = await planRollback(reader, request.target, toRevision, label);
    if (plan.alreadyCurrent)
      return {
        summary: `${label.object} already runs the template of revision ${plan.targetRevision}`,
        changed: false,
        details: [],
      };
    await writeApproved(() => send(writer, request, plan, context.requestId, false, context), context, label);
    return {
      summary: `rolled back ${label.object} ${fromTo(plan)}`,
      changed: true,
      details: [...plan.imageChanges],
    };
  },
};

/**
 * Refuses a rollback whose Deployment moved on since the card was shown: it must still
 * be at the revision the card named, or the rollback would undo a rollout nobody approved.
 */
function requireApprovedRevision(
  deployment: KubeObject,
  context: ExecutionContext,
  label: OperationLabel,
): void {
  const pin = context.rollback;
  if (pin?.from === undefined) return;
  const now = deployment.metadata?.annotations?.[REVISION];
  if (now === String(pin.from)) return;
  throw new ClusterPermanentError(
    'target_changed',
    `${capitalized(label.object)} ${label.location} is at revision ${now ?? 'none'} now, not revision ${pin.from} as approved: it was rolled out since the request was filed. Nothing was rolled back; file a new request to roll back from the current revision.`,
  );
}

async function send(
  writer: ApiClients,
  request: RequestOf<'rollback'>,
  plan: RollbackPlan,
  requestId: string,
  dryRun: boolean,
  pins: Pick<ExecutionContext, 'targetUid' | 'rollback'>,
): Promise<void> {
  const hasAnnotations = plan.deployment.metadata?.annotations !== undefined;
  const mark = hasAnnotations
    ? { op: 'add', path: `/metadata/annotations/${pointer(ROLLBACK_REQUEST)}`, value: requestId }
    : { op: 'add', path: '/metadata/annotations', value: { [ROLLBACK_REQUEST]: requestId } };
  // `test` operations make the server refuse the whole patch unless the Deployment is
  // still the approved object at the approved revision when the write lands.
  const tests = [
    ...(pins.targetUid === undefined ? [] : [{ op: 'test', path: '/metadata/uid', value: pins.targetUid }]),
    ...(pins.rollback?.from === undefined
      ? []
      : [
          {
            op: 'test',
            path: `/metadata/annotations/${pointer(REVISION)}`,
            value: String(pins.rollback.from),
          },
        ]),
  ];
  await writer.rest.call({
    method: 'PATCH',
    path: resourcePath(request.target.kind, request.target),
    query: dryRun ? DRY_RUN : {},
    body: [...tests, { op: 'replace', path: '/spec/template', value: plan.template }, mark],
    contentType: JSON_PATCH,
  });
}

function pointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

function fromTo(plan: RollbackPlan): string {
  return plan.currentRevision === undefined
    ? `to revision ${plan.targetRevision}`
    : `from revision ${plan.currentRevision} to revision ${plan.targetRevision}`;
}
