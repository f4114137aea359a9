import { activateGrant, grantExpiry } from '../lifecycle/activate-grant.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { GrantRole } from '../ports/cluster-grants.ts';
import { ClusterPermanentError } from '../ports/cluster-errors.ts';
import type { AccessRequest } from '../requests/request-types.ts';
import { followUp } from './follow-up.ts';
import { mutateRequest } from './mutate-request.ts';
import { beginExecution, recordFailure, refusedAsReserved, type StepOutcome } from './run-action.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/** The role a grant binds, as the policy's grantable-role entry spells it. */
function grantRole(deps: WorkflowDeps, request: AccessRequest): GrantRole {
  if (request.grant.kind === 'rules') return { kind: 'rules', rules: request.grant.rules };
  const listed = deps.policy().grantableRoles.get(request.grant.role);
  return { kind: listed?.kind ?? 'ClusterRole', name: request.grant.role };
}

/**
 * The body of the `create-grant` job: writes the binding of an approved access
 * request, then activates the grant. The grant's clock starts now, when it is granted,
 * and the binding carries the same `expires-at` as the record so the sweep agrees with
 * the revoke timer. Creating the binding is idempotent (named from the request ID).
 * `known` is the record as the job just read it, if it did (see `mutateRequest`).
 */
export async function grantAccess(
  deps: WorkflowDeps,
  requestId: string,
  known?: RequestRecord,
): Promise<StepOutcome> {
  const record = await beginExecution(deps, requestId, known);
  if (!record || record.request.type !== 'access') return 'skipped';
  if (await refusedAsReserved(deps, record)) return 'done';
  const at = deps.clock.now();
  const expiresAt = grantExpiry(record, at);
  try {
    const result = await deps.cluster.createGrant(record.cluster, {
      requestId,
      requester: record.requester.username,
      ...(record.request.namespace ? { namespace: record.request.namespace } : {}),
      role: grantRole(deps, record.request),
      expiresAt,
      approvers: approversOf(record),
      reason: record.request.reason,
    });
    const outcome = await mutateRequest(
      deps.store,
      requestId,
      (current) =>
        current.state === 'executing' ? activateGrant(current, at, result.bindingName, result) : undefined,
      record,
    );
    if (outcome.changed) await followUp(deps.queue, outcome.record, deps.remindBeforeMs);
    return 'done';
  } catch (error) {
    if (error instanceof ClusterPermanentError) {
      await recordFailure(deps, requestId, error.message);
      return 'done';
    }
    throw error;
  }
}

function approversOf(record: RequestRecord): string[] {
  return record.approvals.map((approval) => approval.approver.username);
}
