import { IllegalTransitionError, UserFacingError } from '../errors.ts';
import type { Principal } from '../ports/identity.ts';
import { formatSeconds } from './format-seconds.ts';
import { mayManageGrant } from './grant-holder-check.ts';
import { RefusalError } from './refusal-error.ts';
import type { GrantInfo, RequestRecord } from './request-record.ts';
import type { TransitionResult } from './transition-result.ts';
import { transition } from './transition-support.ts';

/**
 * Moves an active grant's `expiresAt` later by `extraSeconds`. Only the requester or a
 * member of one of the decision's approver groups (`authorizedGroups`, resolved by the
 * caller now) may extend. The grant's total length from `grantedAt` may not exceed the
 * decision's `maxDurationSeconds` (or, where policy sets none, the length first asked
 * for); the refusal names both lengths and how much is left. A grant already past its
 * `expiresAt` cannot be extended: it is ending.
 */
export function extendGrant(
  record: RequestRecord,
  by: Principal,
  extraSeconds: number,
  at: number,
  authorizedGroups: readonly string[] = [],
): TransitionResult {
  transition.require(record, ['active'], 'extended');
  const grant = transition.grantOf(record);
  if (at >= grant.expiresAt) {
    throw new IllegalTransitionError(
      `The grant of request ${record.id} ended at ${transition.iso(grant.expiresAt)}, so it cannot be extended. File a new request.`,
    );
  }
  if (!mayManageGrant(record, by, authorizedGroups)) {
    throw new RefusalError(
      'not_allowed_to_extend',
      `Only ${record.requester.username} or an approver of request ${record.id} can extend its grant.`,
    );
  }
  if (!Number.isInteger(extraSeconds) || extraSeconds <= 0) {
    throw new UserFacingError(
      'invalid_duration',
      'An extension must be a positive length of time.',
      `/k8s-request extend ${record.id} --for 1h`,
    );
  }
  const maxSeconds = maxGrantSeconds(record);
  const to = grant.expiresAt + extraSeconds * 1000;
  const totalSeconds = (to - grant.grantedAt) / 1000;
  if (totalSeconds > maxSeconds) {
    const left = Math.max(0, maxSeconds - (grant.expiresAt - grant.grantedAt) / 1000);
    throw new RefusalError(
      'max_duration_exceeded',
      `Extending by ${formatSeconds(extraSeconds)} would make this grant last ${formatSeconds(totalSeconds)} from when it was granted, ` +
        `but policy allows at most ${formatSeconds(maxSeconds)}. ` +
        (left > 0 ? `You can extend by up to ${formatSeconds(left)}.` : 'It cannot be extended further.'),
    );
  }
  const extended: GrantInfo = {
    ...grant,
    expiresAt: to,
    extensions: [...grant.extensions, { by, at, from: grant.expiresAt, to }],
  };
  return {
    record: transition.update(record, { grant: extended }),
    events: [
      transition.event('extended', record.id, at, by.username, {
        bindingName: grant.bindingName,
        from: transition.iso(grant.expiresAt),
        to: transition.iso(to),
      }),
    ],
  };
}

function maxGrantSeconds(record: RequestRecord): number {
  const fromPolicy = record.decision.outcome === 'deny' ? undefined : record.decision.maxDurationSeconds;
  if (fromPolicy !== undefined) return fromPolicy;
  return record.request.type === 'access' ? record.request.durationSeconds : 0;
}
