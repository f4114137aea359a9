import type { RequireApprovalDecision } from '../policy/decision.ts';
import type { Principal } from '../ports/identity.ts';
import { asTyped } from '../requests/examples.ts';
import { RefusalError } from './refusal-error.ts';
import type { RequestRecord } from './request-record.ts';
import { transition } from './transition-support.ts';

/** What an authorized approver brings to a click. */
export interface AuthorizedApprover {
  readonly decision: RequireApprovalDecision;
  /** The decision's approver groups the person is in at this click. */
  readonly groups: readonly string[];
}

/**
 * Checks that `person` may approve or deny `record` at this click: never the requester
 * (any identifier in common, linked ones and emails included: `mayBeSamePerson`), and only a member of one of the
 * decision's approver groups per `authorizedGroups`, resolved by the caller now.
 */
export function checkApprover(
  record: RequestRecord,
  person: Principal,
  authorizedGroups: readonly string[],
  action: 'approve' | 'deny',
): AuthorizedApprover {
  const decision = record.decision;
  if (decision.outcome !== 'require-approval') {
    throw new RefusalError(
      'not_an_approver',
      `Request ${record.id} was decided by policy; nobody can ${action} it.`,
    );
  }
  if (transition.mayBeSamePerson(person, record.requester)) {
    throw new RefusalError(
      'self_approval',
      action === 'approve'
        ? `You filed request ${record.id}, so you cannot approve it: another member of ${decision.approverGroups.join(' or ')} must.`
        : `You filed request ${record.id}, so you cannot deny it. To withdraw it: ${asTyped(`cancel ${record.id}`)}`,
    );
  }
  const groups = decision.approverGroups.filter((g) => authorizedGroups.includes(g));
  if (groups.length === 0) {
    throw new RefusalError(
      'not_an_approver',
      `You are not in an approver group for request ${record.id}; it needs a member of ${decision.approverGroups.join(' or ')}.`,
    );
  }
  return { decision, groups };
}
