import type { RequestRecord } from '../../core/lifecycle/request-record.ts';
import type { Principal } from '../../core/ports/identity.ts';
import { authorizedGroups } from '../../core/workflow/authorized-groups.ts';
import type { WorkflowDeps } from '../../core/workflow/workflow-deps.ts';

/** The policy's approver groups this person belongs to now (listed users, or native membership). */
export async function approverGroupsOf(workflow: WorkflowDeps, person: Principal): Promise<string[]> {
  const policy = workflow.policy();
  return authorizedGroups(policy, workflow.membership, person, [...policy.approverGroups.keys()]);
}

function isRequester(record: RequestRecord, person: Principal): boolean {
  return record.requester.username === person.username;
}

/**
 * Pending requests this person could decide, oldest first: those waiting on one of their
 * approver groups, without their own (a requester never approves their own request).
 * Whether a click counts is still decided by the core at the click.
 */
export async function pendingFor(workflow: WorkflowDeps, person: Principal): Promise<RequestRecord[]> {
  const groups = await approverGroupsOf(workflow, person);
  if (groups.length === 0) return [];
  const pending = await workflow.store.listPendingForGroups(groups);
  return pending.filter((r) => !isRequester(r, person));
}

/** Grants in force this person holds or approves for (and so may extend or revoke), soonest expiry first. */
export async function grantsFor(workflow: WorkflowDeps, person: Principal): Promise<RequestRecord[]> {
  const groups = new Set(await approverGroupsOf(workflow, person));
  const active = await workflow.store.listActiveGrants();
  return active.filter(
    (r) =>
      isRequester(r, person) ||
      (r.decision.outcome === 'require-approval' && r.decision.approverGroups.some((g) => groups.has(g))),
  );
}
