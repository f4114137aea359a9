import type { AuditEvent } from '../audit/audit-event.ts';
import type { Principal } from '../ports/identity.ts';
import { tallyApprovals } from './approval-tally.ts';
import { checkApprover } from './approver-check.ts';
import { expireUndecided, isPastDeadline } from './expire-undecided.ts';
import { RefusalError } from './refusal-error.ts';
import type { Approval, RequestRecord, StepUpEvidence } from './request-record.ts';
import type { TransitionResult } from './transition-result.ts';
import { transition } from './transition-support.ts';

/**
 * Records one person's Approve click. `authorizedGroups` are the approver groups the
 * caller found the person in at the moment of the click. A second click by someone
 * who already approved (any identifier in common, on any platform: `mayBeSamePerson`)
 * changes nothing and returns no
 * events, whatever the state. A click after the decision deadline expires the request
 * instead. The requester, a non-member, or (when policy wants step-up) a click without
 * `stepUp` evidence is refused. The request becomes `approved` only when every
 * requirement of the decision is met by distinct people; until then it stays pending
 * with the approval recorded.
 */
export function approve(
  record: RequestRecord,
  approver: Principal,
  authorizedGroups: readonly string[],
  at: number,
  stepUp?: StepUpEvidence,
): TransitionResult {
  if (isPastDeadline(record, at)) return expireUndecided(record, at);
  if (record.approvals.some((a) => transition.mayBeSamePerson(a.approver, approver))) {
    return { record, events: [] };
  }
  transition.require(record, ['pending'], 'approved');
  const { decision, groups } = checkApprover(record, approver, authorizedGroups, 'approve');
  if (decision.stepUp && !stepUp) {
    throw new RefusalError(
      'step_up_required',
      `Request ${record.id} needs approvers to sign in again (step-up) before an approval counts; yours counts once the sign-in completes.`,
    );
  }

  const approval: Approval = { approver, groups, at, ...(stepUp ? { stepUp } : {}) };
  const approvals = [...record.approvals, approval];
  const tally = tallyApprovals(decision, approvals);
  const events: AuditEvent[] = [];
  if (stepUp) events.push(transition.stepUpEvent(record.id, at, approver, stepUp));
  events.push(
    transition.event('approved', record.id, at, approver, {
      groups: [...groups],
      approvals: tally.count,
      complete: tally.complete,
    }),
  );
  const next = tally.complete
    ? transition.to(record, 'approved', at, { approvals })
    : transition.update(record, { approvals });
  return { record: next, events };
}
