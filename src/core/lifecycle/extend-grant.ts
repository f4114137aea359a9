import { IllegalTransitionError, UserFacingError } from '../errors.ts';
import type { PolicyDecision } from '../policy/decision.ts';
import type { Principal } from '../ports/identity.ts';
import { formatSeconds } from './format-seconds.ts';
import { mayManageGrant } from './grant-holder-check.ts';
import { RefusalError } from './refusal-error.ts';
import type { GrantInfo, RequestRecord } from './request-record.ts';
import type { TransitionResult } from './transition-result.ts';
import { transition } from './transition-support.ts';
import { asTyped } from '../requests/examples.ts';

/**
 * Moves an active grant's `expiresAt` later by `extraSeconds`. Only the requester or a
 * member of one of the decision's approver groups (`authorizedGroups`, resolved by the
 * caller now) may extend. The grant's total length from `grantedAt` may not exceed the
 * decision's `maxDurationSeconds` (or, where policy sets none, the length first asked
 * for); the refusal names both lengths and how much is left. Where people approved the
 * grant, its holder alone may not take it beyond what they approved (the length asked
 * for plus extensions approvers made) unless policy sets `holderMayExtend`: that
 * refusal is `extension_needs_approval`. `decision` is the policy's decision now
 * (the caller re-evaluates it); it defaults to the one recorded at filing. A grant
 * already past its `expiresAt` cannot be extended: it is ending.
 */
export function extendGrant(
  record: RequestRecord,
  by: Principal,
  extraSeconds: number,
  at: number,
  authorizedGroups: readonly string[] = [],
  decision: PolicyDecision = record.decision,
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
      asTyped(`extend ${record.id} --for 1h`),
    );
  }
  const maxSeconds = maxGrantSeconds(record, decision);
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
  const approvedSeconds = holderLimitSeconds(record, decision);
  if (
    approvedSeconds !== undefined &&
    transition.mayBeSamePerson(by, record.requester) &&
    totalSeconds > approvedSeconds
  ) {
    const groups = decision.outcome === 'require-approval' ? decision.approverGroups.join(', ') : '';
    throw new RefusalError(
      'extension_needs_approval',
      `Approvers approved this grant for ${formatSeconds(approvedSeconds)} from when it was granted; ` +
        `extending it by ${formatSeconds(extraSeconds)} would make it ${formatSeconds(totalSeconds)}. ` +
        `Ask an approver (${groups}) to extend it, or file a new request.`,
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
      transition.event('extended', record.id, at, by, {
        bindingName: grant.bindingName,
        from: transition.iso(grant.expiresAt),
        to: transition.iso(to),
      }),
    ],
  };
}

function maxGrantSeconds(record: RequestRecord, decision: PolicyDecision): number {
  const fromPolicy = decision.outcome === 'deny' ? undefined : decision.maxDurationSeconds;
  if (fromPolicy !== undefined) return fromPolicy;
  return record.request.type === 'access' ? record.request.durationSeconds : 0;
}

/**
 * How long the holder alone may make the grant, seconds from `grantedAt`: what
 * approvers approved (the length asked for, plus every extension someone other than
 * the requester made). Undefined when the holder is not limited: policy auto-approved
 * the grant (nobody approved a length), or it sets `holderMayExtend`.
 */
function holderLimitSeconds(record: RequestRecord, decision: PolicyDecision): number | undefined {
  if (record.request.type !== 'access') return undefined;
  if (decision.outcome !== 'require-approval' || decision.holderMayExtend) return undefined;
  if (record.decision.outcome !== 'require-approval') return undefined;
  let approved = record.request.durationSeconds;
  for (const extension of record.grant?.extensions ?? []) {
    if (!transition.mayBeSamePerson(extension.by, record.requester))
      approved += (extension.to - extension.from) / 1000;
  }
  return approved;
}
