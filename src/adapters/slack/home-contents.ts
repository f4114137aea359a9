import type { RequestRecord } from '../../core/lifecycle/request-record.ts';
import { isWaitingToStart } from '../../core/lifecycle/waiting-to-start.ts';
import type { Principal } from '../../core/ports/identity.ts';
import { authorizedGroups } from '../../core/workflow/authorized-groups.ts';
import { listWaitingToStart, type WaitingToStart } from '../../core/workflow/waiting-to-start.ts';
import type { WorkflowDeps } from '../../core/workflow/workflow-deps.ts';

/** What one person's App Home shows. */
export interface HomeContents {
  /** Their requests not yet final (newest first), grants in force and those waiting to start excluded. */
  readonly openRequests: readonly RequestRecord[];
  /** Their grants in force, soonest expiry first. */
  readonly activeGrants: readonly RequestRecord[];
  /** Pending requests of others that they may approve now and have not approved yet, oldest first. */
  readonly awaitingMyApproval: readonly RequestRecord[];
  /** Approved ahead of a start time not yet come: theirs (they may cancel) and those their groups decide. */
  readonly waitingToStart: WaitingToStart;
}

/**
 * Gathers a person's App Home from the store: their open requests, their active
 * grants, and the requests waiting for their approval, where "their" approver groups
 * are checked now against the policy in force (listed users and Slack user groups).
 */
export async function homeContents(workflow: WorkflowDeps, person: Principal): Promise<HomeContents> {
  const policy = workflow.policy();
  const [open, grants, groups, waitingToStart] = await Promise.all([
    workflow.store.listOpenByRequester(person.username),
    workflow.store.listActiveGrants(),
    authorizedGroups(policy, workflow.membership, person, [...policy.approverGroups.keys()]),
    listWaitingToStart(workflow, person),
  ]);
  const now = workflow.clock.now();
  const pending = groups.length > 0 ? await workflow.store.listPendingForGroups(groups) : [];
  const mine = (r: RequestRecord): boolean => r.requester.username === person.username;
  return {
    openRequests: open.filter((r) => r.state !== 'active' && !isWaitingToStart(r, now)),
    activeGrants: grants.filter(mine),
    awaitingMyApproval: pending.filter(
      (r) => !mine(r) && !r.approvals.some((a) => a.approver.username === person.username),
    ),
    waitingToStart,
  };
}
