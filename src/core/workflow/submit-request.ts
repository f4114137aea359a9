import { UserFacingError } from '../errors.ts';
import { fileRequest } from '../lifecycle/file-request.ts';
import type { RequestRecord, StepUpEvidence } from '../lifecycle/request-record.ts';
import { evaluatePolicy } from '../policy/evaluate.ts';
import { refuseReservedNamespace } from '../policy/reserved-namespaces.ts';
import type { PolicyDecision } from '../policy/decision.ts';
import type { RollbackPin, TargetSnapshot } from '../ports/cluster.ts';
import type { Principal } from '../ports/identity.ts';
import { refuseUnknownIncident } from '../requests/incident-id-pattern.ts';
import type { ChangeRequest } from '../requests/request-types.ts';
import { describeAccess } from './describe-access.ts';
import { executeIdentity } from './execute-identity.ts';
import { followUp } from './follow-up.ts';
import { incidentIds, reservedNamespaces, type WorkflowDeps } from './workflow-deps.ts';

/** A parsed change request and who asked for it. */
export interface SubmitInput {
  readonly text: string;
  readonly request: ChangeRequest;
  readonly requester: Principal;
  /** The requester's fresh sign-in, where policy wants one (break-glass, sensitive access). */
  readonly requesterStepUp?: StepUpEvidence;
}

/**
 * Files a request: looks the target up (a missing one is an error, not a request),
 * asks policy, previews the change with a server-side dry run under the identity it
 * will run as (so an RBAC refusal shows before anyone approves), stores the record
 * with its audit events and schedules what follows. Throws a `UserFacingError` and
 * files nothing when the input cannot become a request, e.g. one in a reserved
 * namespace, which no policy can allow.
 */
export async function submitRequest(deps: WorkflowDeps, input: SubmitInput): Promise<RequestRecord> {
  const { request, requester } = input;
  const cluster = request.cluster ?? deps.defaultCluster;
  const known = deps.cluster.clusterNames();
  if (!known.includes(cluster)) {
    throw new UserFacingError(
      'unknown_cluster',
      `There is no cluster named "${cluster}". Known clusters: ${known.join(', ')}.`,
      `--cluster ${known[0] ?? 'prod'}`,
    );
  }
  refuseReservedNamespace(request, reservedNamespaces(deps));
  refuseUnknownIncident(request, incidentIds(deps));
  const snapshot =
    request.type === 'action' ? await deps.cluster.lookupTarget(cluster, request.target) : undefined;
  const at = deps.clock.now();
  const decision = evaluatePolicy(deps.policy(), {
    request,
    cluster,
    requester: { username: requester.username, groups: requester.groups },
    ...(snapshot ? { target: { labels: snapshot.labels, annotations: snapshot.annotations } } : {}),
    at,
  });
  const preview = await previewLines(deps, cluster, input, decision);
  const { record, events } = fileRequest({
    id: deps.newId(),
    request,
    text: input.text,
    cluster,
    requester,
    decision,
    ...(snapshot
      ? { target: { labels: snapshot.labels, annotations: snapshot.annotations }, targetUid: snapshot.uid }
      : {}),
    ...(preview ? { preview: preview.lines } : {}),
    ...(preview?.rollback ? { rollback: preview.rollback } : {}),
    at,
    ...(input.requesterStepUp ? { requesterStepUp: input.requesterStepUp } : {}),
  });
  if (!(await deps.store.create(record, events))) {
    throw new Error(`request ID ${record.id} already exists`);
  }
  await followUp(deps.queue, record, deps.remindBeforeMs);
  return record;
}

async function previewLines(
  deps: WorkflowDeps,
  cluster: string,
  input: SubmitInput,
  decision: PolicyDecision,
): Promise<{ lines: string[]; rollback?: RollbackPin } | undefined> {
  if (decision.outcome === 'deny') return undefined;
  const { request, requester } = input;
  if (request.type === 'access') return { lines: [describeAccess(request, requester.username)] };
  const as = executeIdentity(decision.executeAs, requester);
  const preview = await deps.cluster.preview(cluster, request, as);
  return {
    lines: [preview.summary, ...preview.details],
    ...(preview.rollback ? { rollback: preview.rollback } : {}),
  };
}

/** Exposed for callers that show a target before filing (forms, explain). */
export type { TargetSnapshot };
