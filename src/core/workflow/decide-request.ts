import { UserFacingError } from '../errors.ts';
import { AuditWriteFailedError } from '../ports/audit-write-failed.ts';
import { approve } from '../lifecycle/approve.ts';
import { deny } from '../lifecycle/deny.ts';
import { isPastDeadline } from '../lifecycle/expire-undecided.ts';
import { policyVerdict } from '../lifecycle/policy-verdict.ts';
import { refusedClick } from '../lifecycle/refused-click.ts';
import { stopByPolicy } from '../lifecycle/stop-by-policy.ts';
import type { StepUpEvidence } from '../lifecycle/request-record.ts';
import type { Principal } from '../ports/identity.ts';
import { checkGroups, withOnCallRefusal } from './authorized-groups.ts';
import { followUp } from './follow-up.ts';
import { mutateRequest, requestNotFound, type MutationOutcome } from './mutate-request.ts';
import { onCallService, type WorkflowDeps } from './workflow-deps.ts';

/** One Approve or Deny click, with who clicked. */
export interface DecisionInput {
  readonly requestId: string;
  readonly person: Principal;
  readonly verdict: 'approve' | 'deny';
  /** Required for deny. */
  readonly reason?: string;
  /** The approver's fresh sign-in, where policy wants step-up. */
  readonly stepUp?: StepUpEvidence;
}

/**
 * Applies an approver's click. Membership in the approver groups is checked now, at
 * the click, against the policy in force; the record is compare-and-set, so a double
 * click or a retried delivery changes nothing twice (`changed: false`). Refusals
 * (self-approval, not an approver, no longer pending) throw a `UserFacingError`.
 * An Approve click first re-evaluates the request against the policy in force: when
 * policy now denies it (a change freeze, a closed time window), the request is
 * stopped as denied by policy, audited, and the click refused with `policy_denies`.
 * Every other refusal is appended to the audit as `refused` (who, from which
 * platform ID, code and reason) before it is thrown. When the audit chain cannot be
 * written the click did not count, and the clicker is told so (`not_recorded`).
 */
export async function decideRequest(deps: WorkflowDeps, input: DecisionInput): Promise<MutationOutcome> {
  try {
    return await decide(deps, input);
  } catch (error) {
    if (error instanceof AuditWriteFailedError) throw notRecorded(input, error);
    if (error instanceof UserFacingError && isAuditedRefusal(error)) {
      const at = deps.clock.now();
      await deps.audit.append([refusedClick(input.requestId, input.person, input.verdict, error, at)]);
    }
    throw error;
  }
}

/** What the clicker reads when the audit could not record their click: it did not count. */
function notRecorded(input: DecisionInput, cause: AuditWriteFailedError): UserFacingError {
  const click = input.verdict === 'approve' ? 'approval' : 'denial';
  const error = new UserFacingError(
    'not_recorded',
    `Your ${click} of ${input.requestId} was not recorded: the audit log could not be written, so nothing changed. Try again in a minute.`,
  );
  error.cause = cause;
  return error;
}

/**
 * Refusals of a click that go to the audit as `refused`. Not `step_up_required` (the
 * click continues as a sign-in, whose failure is audited on its own) nor
 * `policy_denies` (the request was stopped, which is audited as `denied`).
 */
function isAuditedRefusal(error: UserFacingError): boolean {
  return error.code !== 'step_up_required' && error.code !== 'policy_denies';
}

async function decide(deps: WorkflowDeps, input: DecisionInput): Promise<MutationOutcome> {
  const current = await deps.store.get(input.requestId);
  if (!current) throw requestNotFound(input.requestId);
  const candidates = current.decision.outcome === 'require-approval' ? current.decision.approverGroups : [];
  const answer = await checkGroups(
    deps.policy(),
    deps.membership,
    input.person,
    candidates,
    onCallService(deps),
  );
  const { groups } = answer;
  const outcome = await mutateRequest(
    deps.store,
    input.requestId,
    (record) => {
      const at = deps.clock.now();
      if (input.verdict === 'deny')
        return withOnCallRefusal(answer, () => deny(record, input.person, groups, input.reason ?? '', at));
      if (record.state === 'pending' && !isPastDeadline(record, at)) {
        const verdict = policyVerdict(deps.policy(), record, at, 'approval');
        if (!verdict.allowed) return stopByPolicy(record, at, verdict.reason);
      }
      return withOnCallRefusal(answer, () => approve(record, input.person, groups, at, input.stepUp));
    },
    current,
  );
  if (outcome.changed) await followUp(deps.queue, outcome.record, deps.remindBeforeMs);
  const { record } = outcome;
  if (input.verdict === 'approve' && record.state === 'denied' && record.denial?.by === 'policy') {
    throw new UserFacingError('policy_denies', `Request ${record.id} was stopped. ${record.denial.reason}.`);
  }
  return outcome;
}
