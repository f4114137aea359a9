import { acknowledgeBreakGlass } from '../lifecycle/acknowledge-break-glass.ts';
import type { Principal } from '../ports/identity.ts';
import { checkGroups, withOnCallRefusal } from './authorized-groups.ts';
import { mutateRequest, requestNotFound, type MutationOutcome } from './mutate-request.ts';
import { onCallService, type WorkflowDeps } from './workflow-deps.ts';

/**
 * An approver acknowledges a break-glass run after the fact (the Acknowledge button of
 * its review card). Membership in the decision's approver groups is checked now,
 * against the policy in force; the record is compare-and-set, so a double click
 * changes nothing twice, and every copy of the card is refreshed. Refusals (the
 * requester, a non-approver, not a break-glass run) throw a `UserFacingError`.
 */
export async function reviewBreakGlass(
  deps: WorkflowDeps,
  requestId: string,
  person: Principal,
): Promise<MutationOutcome> {
  const current = await deps.store.get(requestId);
  if (!current) throw requestNotFound(requestId);
  const candidates = current.decision.outcome === 'require-approval' ? current.decision.approverGroups : [];
  const answer = await checkGroups(deps.policy(), deps.membership, person, candidates, onCallService(deps));
  const outcome = await mutateRequest(deps.store, requestId, (record) =>
    withOnCallRefusal(answer, () => acknowledgeBreakGlass(record, person, answer.groups, deps.clock.now())),
  );
  if (outcome.changed) {
    await deps.queue.enqueue('notify', { requestId, version: outcome.record.version });
  }
  return outcome;
}
