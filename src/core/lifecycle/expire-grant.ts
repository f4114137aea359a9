import { SYSTEM_ACTOR } from '../audit/audit-event.ts';
import { IllegalTransitionError } from '../errors.ts';
import type { RequestRecord } from './request-record.ts';
import type { TransitionResult } from './transition-result.ts';
import { transition } from './transition-support.ts';

/**
 * Ends an active grant that reached its `expiresAt`. `via` says what noticed: the
 * delayed expiry job (`timer`, audited as `grant-expired`) or the periodic sweep
 * (`sweep`, audited as `swept`). Refused before `expiresAt`.
 */
export function expireGrant(
  record: RequestRecord,
  at: number,
  via: 'timer' | 'sweep' = 'timer',
): TransitionResult {
  transition.require(record, ['active'], 'expired');
  const grant = transition.grantOf(record);
  if (at < grant.expiresAt) {
    throw new IllegalTransitionError(
      `The grant of request ${record.id} runs until ${transition.iso(grant.expiresAt)}, so it cannot expire yet.`,
    );
  }
  const details = { bindingName: grant.bindingName, expiresAt: transition.iso(grant.expiresAt) };
  return {
    record: transition.to(record, 'expired', at, { grant: { ...grant, endedAt: at } }),
    events: [
      via === 'sweep'
        ? transition.event('swept', record.id, at, SYSTEM_ACTOR, details)
        : transition.event('grant-expired', record.id, at, SYSTEM_ACTOR, details),
    ],
  };
}
