import { changeLines } from '../changes/change-summary.ts';
import type { FieldChange } from '../changes/field-change.ts';
import { apiFullChange, fullChange } from '../changes/full-change.ts';
import { refuseUnshowableChange } from '../changes/refuse-unshowable-change.ts';
import { fileRequest } from '../lifecycle/file-request.ts';
import type { RequestRecord, RequesterOnCall, StepUpEvidence } from '../lifecycle/request-record.ts';
import { targetMayDecide } from '../policy/may-match.ts';
import { refuseReservedNamespace } from '../policy/reserved-namespaces.ts';
import type { PolicyDecision } from '../policy/decision.ts';
import type { RollbackPin, TargetSnapshot } from '../ports/cluster.ts';
import { ClusterPermanentError } from '../ports/cluster-errors.ts';
import type { Principal } from '../ports/identity.ts';
import { refuseUnknownIncident } from '../requests/incident-id-pattern.ts';
import type { ChangeRequest } from '../requests/request-types.ts';
import { describeAccess } from './describe-access.ts';
import { describeApiCall } from './describe-api-call.ts';
import { executeIdentity } from './execute-identity.ts';
import { followUp } from './follow-up.ts';
import { incidentIds, reservedNamespaces, type WorkflowDeps } from './workflow-deps.ts';
import { requestedCluster } from './requested-cluster.ts';
import { decideWithOnCall } from './requester-on-call.ts';
import { startTimeOf } from './start-time.ts';

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
export async function submitRequest(
  deps: WorkflowDeps,
  input: SubmitInput,
  assessed?: Assessment,
): Promise<RequestRecord> {
  const { request, requester } = input;
  refuseReservedNamespace(request, reservedNamespaces(deps));
  refuseUnknownIncident(request, incidentIds(deps));
  const { cluster, snapshot, decision, at, startAt, requesterOnCall } =
    assessed ?? (await assessRequest(deps, request, requester));
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
    ...(request.type === 'action' && request.verb === 'scale' && snapshot?.replicas !== undefined
      ? { targetReplicas: snapshot.replicas }
      : {}),
    ...(preview ? { preview: preview.lines } : {}),
    ...(preview?.rollback ? { rollback: preview.rollback } : {}),
    ...(preview?.changes ? { changes: preview.changes } : {}),
    at,
    ...(startAt === undefined ? {} : { startAt }),
    ...(input.requesterStepUp ? { requesterStepUp: input.requesterStepUp } : {}),
    ...(requesterOnCall ? { requesterOnCall } : {}),
  });
  if (!(await deps.store.create(record, events))) {
    throw new Error(`request ID ${record.id} already exists`);
  }
  await followUp(deps.queue, record, deps.remindBeforeMs);
  return record;
}

/** What filing learns before it stores anything: the cluster, the target as it is now, and policy's decision. */
export interface Assessment {
  readonly cluster: string;
  readonly snapshot?: TargetSnapshot;
  readonly decision: PolicyDecision;
  /** When policy decided (the filing time), ms since the epoch. */
  readonly at: number;
  /** When the request takes effect (`--at` / `--in`); policy judged it at that time. Absent: at once. */
  readonly startAt?: number;
  /** The on-call look-ups policy's `requesters.onCall` rules took; absent when none did. */
  readonly requesterOnCall?: RequesterOnCall;
}

/**
 * Resolves the cluster (an unknown one is a `UserFacingError`), reads the start time
 * (policy's time windows are judged at it, not at filing), looks the target up
 * (for a kubectl request only where some rule may match it, and only where it can:
 * an object Countersign may not read, or that does not exist, counts as unlabelled,
 * and the API server answers the forwarded request itself) and asks policy, and the on-call services where a rule wants to know
 * whether the requester is on call (see `decideWithOnCall`).
 */
export async function assessRequest(
  deps: WorkflowDeps,
  request: ChangeRequest,
  requester: Principal,
): Promise<Assessment> {
  const cluster = requestedCluster(deps, request);
  const snapshot = await lookup(deps, cluster, request);
  const at = deps.clock.now();
  const startAt = startTimeOf(request, at);
  const { decision, requesterOnCall } = await decideWithOnCall(
    deps,
    {
      request,
      cluster,
      ...(snapshot ? { target: { labels: snapshot.labels, annotations: snapshot.annotations } } : {}),
      at: startAt ?? at,
    },
    requester,
  );
  return {
    cluster,
    ...(snapshot ? { snapshot } : {}),
    decision,
    ...(requesterOnCall ? { requesterOnCall } : {}),
    at,
    ...(startAt === undefined ? {} : { startAt }),
  };
}

async function lookup(
  deps: WorkflowDeps,
  cluster: string,
  request: ChangeRequest,
): Promise<TargetSnapshot | undefined> {
  if (request.type === 'action') return deps.cluster.lookupTarget(cluster, request.target);
  if (request.type !== 'api' || !request.kind || !request.name || request.verb === 'create') return undefined;
  // Read the target only when a rule that may match selects by labels or annotations:
  // a pass-through costs no round trip, and kinds Countersign may not read (Secrets) need none.
  if (!targetMayDecide(deps.policy(), request, cluster)) return undefined;
  const target = {
    kind: request.kind,
    name: request.name,
    ...(request.namespace !== undefined ? { namespace: request.namespace } : {}),
  };
  return deps.cluster.lookupTarget(cluster, target).catch((error: unknown) => {
    // A target that does not exist has no labels; the API server answers the call itself.
    if (error instanceof ClusterPermanentError && error.code === 'target_not_found') return undefined;
    // Anything else fails closed: a rule that matches on labels must not be skipped
    // because the target could not be read (a kind Countersign may not get, a timeout).
    if (error instanceof ClusterPermanentError) {
      throw new ClusterPermanentError(
        error.code,
        `cannot read ${target.kind.kind} ${target.name} to check it against policy, so the call is refused: ${error.message}`,
        error.status === undefined ? {} : { status: error.status },
      );
    }
    throw error;
  });
}

async function previewLines(
  deps: WorkflowDeps,
  cluster: string,
  input: SubmitInput,
  decision: PolicyDecision,
): Promise<{ lines: string[]; rollback?: RollbackPin; changes?: readonly FieldChange[] } | undefined> {
  if (decision.outcome === 'deny') return undefined;
  const { request, requester } = input;
  if (request.type === 'access') return { lines: [describeAccess(request, requester.username)] };
  if (request.type === 'api') {
    const full = apiFullChange(request.call);
    if (full) refuseUnshowableChange(full);
    return { lines: describeApiCall(request) };
  }
  const as = executeIdentity(decision.executeAs, requester);
  const preview = await deps.cluster.preview(cluster, request, as);
  const { changes } = preview;
  if (changes && request.verb === 'patch') {
    refuseUnshowableChange(fullChange(changes, request.patch));
    return { lines: [preview.summary, ...changeLines(changes)], changes };
  }
  return {
    lines: [preview.summary, ...preview.details],
    ...(preview.rollback ? { rollback: preview.rollback } : {}),
  };
}

/** Exposed for callers that show a target before filing (forms, explain). */
export type { TargetSnapshot };
