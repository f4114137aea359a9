import type { Principal } from '../ports/identity.ts';
import { expireUndecided, isPastDeadline } from './expire-undecided.ts';
import { RefusalError } from './refusal-error.ts';
import type { RequestRecord } from './request-record.ts';
import type { TransitionResult } from './transition-result.ts';
import { transition } from './transition-support.ts';
import { isWaitingToStart } from './waiting-to-start.ts';

/**
 * Withdraws a request. Only its requester may, and only while it waits: for a
 * decision (after the deadline it expires instead), or approved ahead of its start
 * time (`--at` / `--in`) until that time comes.
 */
export function cancel(record: RequestRecord, by: Principal, at: number): TransitionResult {
  if (isPastDeadline(record, at)) return expireUndecided(record, at);
  if (!isWaitingToStart(record, at)) transition.require(record, ['pending'], 'cancelled');
  if (!transition.samePerson(by, record.requester)) {
    throw new RefusalError(
      'not_the_requester',
      `Only ${record.requester.username}, who filed request ${record.id}, can cancel it. An approver can click Deny instead.`,
    );
  }
  return {
    record: transition.to(record, 'cancelled', at, { cancelledBy: by }),
    events: [transition.event('cancelled', record.id, at, by, {})],
  };
}
