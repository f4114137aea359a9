import type { AuditEventOf } from '../audit/audit-event.ts';
import type { UserFacingError } from '../errors.ts';
import type { Principal } from '../ports/identity.ts';
import { transition } from './transition-support.ts';

/**
 * The `refused` audit event for an Approve or Deny click the lifecycle turned down
 * (self-approval, not an approver, a request no longer pending, an unknown request):
 * who clicked, from which platform ID, and the refusal's code and message.
 */
export function refusedClick(
  requestId: string,
  person: Principal,
  action: 'approve' | 'deny',
  refusal: UserFacingError,
  at: number,
): AuditEventOf<'refused'> {
  return transition.event('refused', requestId, at, person, {
    action,
    code: refusal.code,
    reason: refusal.message,
  });
}
