import type { Principal } from '../ports/identity.ts';
import { checkApprover } from './approver-check.ts';
import { expireUndecided, isPastDeadline } from './expire-undecided.ts';
import type { RequestRecord } from './request-record.ts';
import type { TransitionResult } from './transition-result.ts';
import { transition } from './transition-support.ts';

/**
 * Records an approver's Deny click: the request ends as denied with their reason. Only
 * a pending request can be denied, never by its requester (who cancels instead), and
 * only by a member of an approver group at the click; denying needs no step-up, as it
 * only ever stops a change. A click after the decision deadline expires the request.
 */
export function deny(
  record: RequestRecord,
  approver: Principal,
  authorizedGroups: readonly string[],
  reason: string,
  at: number,
): TransitionResult {
  if (isPastDeadline(record, at)) return expireUndecided(record, at);
  transition.require(record, ['pending'], 'denied');
  checkApprover(record, approver, authorizedGroups, 'deny');
  const given = reason.trim() === '' ? '(no reason given)' : reason.trim();
  return {
    record: transition.to(record, 'denied', at, { denial: { by: approver, reason: given, at } }),
    events: [transition.event('denied', record.id, at, approver, { reason: given })],
  };
}
