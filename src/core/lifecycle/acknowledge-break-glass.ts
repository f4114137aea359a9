import { IllegalTransitionError } from '../errors.ts';
import type { Principal } from '../ports/identity.ts';
import { RefusalError } from './refusal-error.ts';
import type { RequestRecord } from './request-record.ts';
import type { TransitionResult } from './transition-result.ts';
import { transition } from './transition-support.ts';

/**
 * Records an approver's after-the-fact review of a break-glass run: the run stays in
 * whatever state execution left it (this changes nothing on the cluster), and it is no
 * longer listed as unreviewed. `authorizedGroups` are the approver groups the caller
 * found the person in at this click. Only a member of one of the decision's approver
 * groups may acknowledge it, never the requester; a second acknowledgement, by anyone,
 * changes nothing and returns no events. A request that was not a break-glass run is
 * refused.
 */
export function acknowledgeBreakGlass(
  record: RequestRecord,
  reviewer: Principal,
  authorizedGroups: readonly string[],
  at: number,
): TransitionResult {
  const breakGlass = record.breakGlass;
  if (!breakGlass) {
    throw new IllegalTransitionError(
      `Request ${record.id} did not run as break-glass, so there is nothing to acknowledge.`,
    );
  }
  if (breakGlass.review) return { record, events: [] };
  const decision = record.decision;
  const candidates = decision.outcome === 'require-approval' ? decision.approverGroups : [];
  if (transition.mayBeSamePerson(reviewer, record.requester)) {
    throw new RefusalError(
      'self_approval',
      `You ran request ${record.id} as break-glass, so you cannot acknowledge it: another member of ${candidates.join(' or ') || 'its approver groups'} must.`,
    );
  }
  const groups = candidates.filter((g) => authorizedGroups.includes(g));
  if (groups.length === 0) {
    throw new RefusalError(
      'not_an_approver',
      `You are not in an approver group for request ${record.id}; acknowledging its break-glass run needs a member of ${candidates.join(' or ') || 'its approver groups'}.`,
    );
  }
  const review = { by: reviewer, groups, at };
  return {
    record: transition.update(record, { breakGlass: { ...breakGlass, review } }),
    events: [
      transition.event('break-glass-reviewed', record.id, at, reviewer, {
        incident: breakGlass.incident,
        groups: [...groups],
      }),
    ],
  };
}
