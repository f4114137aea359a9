import { SYSTEM_ACTOR } from '../audit/audit-event.ts';
import { IllegalTransitionError } from '../errors.ts';
import type { RequestRecord } from './request-record.ts';
import type { TransitionResult } from './transition-result.ts';
import { transition } from './transition-support.ts';

/** True when a pending request's decision window has closed at `at`. */
export function isPastDeadline(record: RequestRecord, at: number): boolean {
  return record.state === 'pending' && record.decisionDeadline !== undefined && at >= record.decisionDeadline;
}

/**
 * Expires a pending request nobody decided within its TTL. Refused unless the request
 * is pending and `at` has reached its `decisionDeadline`.
 */
export function expireUndecided(record: RequestRecord, at: number): TransitionResult {
  transition.require(record, ['pending'], 'expired for lack of a decision');
  const deadline = record.decisionDeadline;
  if (deadline === undefined || at < deadline) {
    throw new IllegalTransitionError(
      `Request ${record.id} is waiting for approval until ${deadline === undefined ? 'no set time' : transition.iso(deadline)}, so it cannot expire yet.`,
    );
  }
  return {
    record: transition.to(record, 'expired', at),
    events: [
      transition.event('expired', record.id, at, SYSTEM_ACTOR, { deadline: transition.iso(deadline) }),
    ],
  };
}
