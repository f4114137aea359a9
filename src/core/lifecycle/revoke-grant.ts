import type { Principal } from '../ports/identity.ts';
import { expireGrant } from './expire-grant.ts';
import { mayManageGrant } from './grant-holder-check.ts';
import { RefusalError } from './refusal-error.ts';
import type { RequestRecord } from './request-record.ts';
import type { TransitionResult } from './transition-result.ts';
import { transition } from './transition-support.ts';

/**
 * Ends an active grant early. Only its requester (giving it back) or a member of one
 * of the decision's approver groups (`authorizedGroups`, resolved by the caller now)
 * may. A grant already past its `expiresAt` is expired instead, so the record says
 * how it really ended.
 */
export function revokeGrant(
  record: RequestRecord,
  by: Principal,
  at: number,
  authorizedGroups: readonly string[] = [],
): TransitionResult {
  transition.require(record, ['active'], 'revoked');
  const grant = transition.grantOf(record);
  if (at >= grant.expiresAt) return expireGrant(record, at);
  if (!mayManageGrant(record, by, authorizedGroups)) {
    throw new RefusalError(
      'not_allowed_to_revoke',
      `Only ${record.requester.username} or an approver of request ${record.id} can revoke its grant.`,
    );
  }
  return {
    record: transition.to(record, 'revoked', at, { grant: { ...grant, revokedBy: by, endedAt: at } }),
    events: [transition.event('revoked', record.id, at, by, { bindingName: grant.bindingName })],
  };
}
