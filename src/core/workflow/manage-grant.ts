import { UserFacingError } from '../errors.ts';
import { extendGrant } from '../lifecycle/extend-grant.ts';
import { policyVerdict } from '../lifecycle/policy-verdict.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import { revokeGrant } from '../lifecycle/revoke-grant.ts';
import { refuseReservedNamespace } from '../policy/reserved-namespaces.ts';
import type { GrantRef } from '../ports/cluster-grants.ts';
import type { Principal } from '../ports/identity.ts';
import { checkGroups } from './authorized-groups.ts';
import { followUp } from './follow-up.ts';
import { mutateRequest, requestNotFound, type MutationOutcome } from './mutate-request.ts';
import { onCallService, reservedNamespaces, type WorkflowDeps } from './workflow-deps.ts';

/** Where the binding of an access request lives on its cluster, with what its creation reported (UID, generated Role). */
export function grantRef(record: RequestRecord): GrantRef {
  const namespace = record.request.type === 'access' ? record.request.namespace : undefined;
  const grant = record.grant;
  return {
    requestId: record.id,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(grant?.bindingUid !== undefined ? { uid: grant.bindingUid } : {}),
    ...(grant?.roleGenerated !== undefined ? { roleGenerated: grant.roleGenerated } : {}),
  };
}

async function groupsFor(deps: WorkflowDeps, requestId: string, person: Principal): Promise<string[]> {
  const record = await deps.store.get(requestId);
  if (!record) throw requestNotFound(requestId);
  const candidates = record.decision.outcome === 'require-approval' ? record.decision.approverGroups : [];
  const answer = await checkGroups(deps.policy(), deps.membership, person, candidates, onCallService(deps));
  return answer.groups;
}

/**
 * Extends an active grant by `extraSeconds` (within the policy's maxDuration, counted
 * from when it was granted), once the policy in force still allows the request (a
 * change freeze refuses with `policy_denies`): moves the binding's `expires-at` on the cluster first,
 * so the sweep honours it, then the record, then the revoke and reminder timers.
 */
export async function extendAccess(
  deps: WorkflowDeps,
  requestId: string,
  person: Principal,
  extraSeconds: number,
): Promise<MutationOutcome> {
  const groups = await groupsFor(deps, requestId, person);
  const current = await deps.store.get(requestId);
  if (!current) throw requestNotFound(requestId);
  refuseReservedNamespace(current.request, reservedNamespaces(deps));
  const verdict = policyVerdict(deps.policy(), current, deps.clock.now(), 'execution');
  if (!verdict.allowed) {
    throw new UserFacingError(
      'policy_denies',
      `The grant of request ${requestId} cannot be extended. Policy no longer allows this request: ${verdict.reason}.`,
    );
  }
  const planned = extendGrant(current, person, extraSeconds, deps.clock.now(), groups, verdict.decision);
  if (planned.record.grant && planned.record.version !== current.version) {
    await deps.cluster.updateGrantExpiry(current.cluster, grantRef(current), planned.record.grant.expiresAt);
  }
  const outcome = await mutateRequest(deps.store, requestId, (record) =>
    extendGrant(record, person, extraSeconds, deps.clock.now(), groups, verdict.decision),
  );
  if (outcome.changed) await followUp(deps.queue, outcome.record, deps.remindBeforeMs);
  return outcome;
}

/**
 * Ends an active grant now: deletes the binding on the cluster first (so access ends
 * even if the record update must be retried), then records the revocation and
 * removes the pending timers. Only the grantee or an approver may.
 */
export async function revokeAccess(
  deps: WorkflowDeps,
  requestId: string,
  person: Principal,
): Promise<MutationOutcome> {
  const groups = await groupsFor(deps, requestId, person);
  const current = await deps.store.get(requestId);
  if (!current) throw requestNotFound(requestId);
  revokeGrant(current, person, deps.clock.now(), groups);
  await deps.cluster.deleteGrant(current.cluster, grantRef(current));
  const outcome = await mutateRequest(deps.store, requestId, (record) =>
    revokeGrant(record, person, deps.clock.now(), groups),
  );
  if (outcome.changed) await followUp(deps.queue, outcome.record, deps.remindBeforeMs);
  return outcome;
}
