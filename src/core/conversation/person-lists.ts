import type { RequestRecord } from '../lifecycle/request-record.ts';
import { onCallKey } from '../policy/on-call-target.ts';
import type { Policy } from '../policy/policy.ts';
import type { Principal } from '../ports/identity.ts';
import type { OnCallUnavailableError } from '../ports/on-call.ts';
import { checkGroups } from '../workflow/authorized-groups.ts';
import { listWaitingToStart, type WaitingToStart } from '../workflow/waiting-to-start.ts';
import { onCallService, type WorkflowDeps } from '../workflow/workflow-deps.ts';

/** The lists one person sees on every surface (Slack App Home, the console), as of now. */
export interface PersonLists {
  /**
   * Approver groups that take the person now: listed in `users`, members of the chat
   * group, or on call for the group's `onCall` schedule right now.
   */
  readonly approverGroups: readonly string[];
  /** Pending requests of others waiting on one of those groups that the person has not approved yet, oldest first. */
  readonly needsYou: readonly RequestRecord[];
  /** Their requests not yet final (grants in force and those waiting to start included), newest first. */
  readonly mineOpen: readonly RequestRecord[];
  /** Grants in force they hold, soonest expiry first. */
  readonly grantsHeld: readonly RequestRecord[];
  /** Grants in force of others that one of their approver groups decides (they may extend or revoke), soonest expiry first. */
  readonly grantsApproved: readonly RequestRecord[];
  /** Approved ahead of a start time not yet come: theirs, and others' their groups decide. */
  readonly waitingToStart: WaitingToStart;
  /**
   * Break-glass runs of others no approver has acknowledged yet, under a decision
   * naming one of their groups (they may acknowledge them), oldest first: the security
   * review where a surface has no security channel.
   */
  readonly breakGlassToReview: readonly RequestRecord[];
  /**
   * One sentence per on-call service that could not say who is on call: which
   * schedule, what went wrong, and which groups' requests may be missing. The
   * lists are still complete for every other group.
   */
  readonly notes: readonly string[];
}

/**
 * Gathers what `person` sees: what needs them (on-call groups included, asked through
 * the workflow's on-call service, whose answers it caches), their open requests and
 * grants, and what waits to start. An on-call service that cannot answer leaves its
 * groups out (fail closed) and adds a note; it never fails the lists. Surfaces render
 * these lists and never read the store for them.
 */
export async function personLists(workflow: WorkflowDeps, person: Principal): Promise<PersonLists> {
  const policy = workflow.policy();
  const answer = await checkGroups(
    policy,
    workflow.membership,
    person,
    [...policy.approverGroups.keys()],
    onCallService(workflow),
  );
  const groups = answer.groups;
  const [pending, open, grants, waitingToStart, unreviewed] = await Promise.all([
    groups.length > 0 ? workflow.store.listPendingForGroups(groups) : Promise.resolve([]),
    workflow.store.listOpenByRequester(person.username),
    workflow.store.listActiveGrants(),
    listWaitingToStart(workflow, person, groups),
    groups.length > 0 ? workflow.store.listUnreviewedBreakGlass() : Promise.resolve([]),
  ]);
  const mine = (r: RequestRecord): boolean => r.requester.username === person.username;
  const decidedByTheirGroups = (r: RequestRecord): boolean =>
    r.decision.outcome === 'require-approval' && r.decision.approverGroups.some((g) => groups.includes(g));
  return {
    approverGroups: groups,
    needsYou: pending.filter(
      (r) => !mine(r) && !r.approvals.some((a) => a.approver.username === person.username),
    ),
    mineOpen: open,
    grantsHeld: grants.filter(mine),
    grantsApproved: grants.filter((r) => !mine(r) && decidedByTheirGroups(r)),
    waitingToStart,
    breakGlassToReview: unreviewed.filter((r) => !mine(r) && decidedByTheirGroups(r)),
    notes: onCallNotes(policy, answer.unavailable),
  };
}

/** One note per on-call target that failed, naming the groups it leaves out. */
function onCallNotes(policy: Policy, failures: readonly OnCallUnavailableError[]): string[] {
  const byTarget = new Map(failures.map((error) => [onCallKey(error.target), error]));
  return [...byTarget].map(([key, error]) => {
    const names = [...policy.approverGroups]
      .filter(([, group]) => group.onCall !== undefined && onCallKey(group.onCall) === key)
      .map(([name]) => name);
    return `${error.message}. Requests waiting on ${names.join(', ')} may be missing here until it answers.`;
  });
}
