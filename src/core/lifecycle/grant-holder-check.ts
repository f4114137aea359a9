import type { Principal } from '../ports/identity.ts';
import type { RequestRecord } from './request-record.ts';
import { transition } from './transition-support.ts';

/**
 * True when `person` may manage `record`'s grant (extend or revoke it): its requester,
 * or someone the caller found, now, in one of the decision's approver groups.
 */
export function mayManageGrant(
  record: RequestRecord,
  person: Principal,
  authorizedGroups: readonly string[],
): boolean {
  if (transition.samePerson(person, record.requester)) return true;
  const decision = record.decision;
  return (
    decision.outcome === 'require-approval' &&
    decision.approverGroups.some((g) => authorizedGroups.includes(g))
  );
}
