import { approve } from '../lifecycle/approve.ts';
import { deny } from '../lifecycle/deny.ts';
import type { StepUpEvidence } from '../lifecycle/request-record.ts';
import type { Principal } from '../ports/identity.ts';
import { authorizedGroups } from './authorized-groups.ts';
import { followUp } from './follow-up.ts';
import { mutateRequest, requestNotFound, type MutationOutcome } from './mutate-request.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

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
 */
export async function decideRequest(deps: WorkflowDeps, input: DecisionInput): Promise<MutationOutcome> {
  const current = await deps.store.get(input.requestId);
  if (!current) throw requestNotFound(input.requestId);
  const candidates = current.decision.outcome === 'require-approval' ? current.decision.approverGroups : [];
  const groups = await authorizedGroups(deps.policy(), deps.membership, input.person, candidates);
  const outcome = await mutateRequest(deps.store, input.requestId, (record) => {
    const at = deps.clock.now();
    return input.verdict === 'approve'
      ? approve(record, input.person, groups, at, input.stepUp)
      : deny(record, input.person, groups, input.reason ?? '', at);
  });
  if (outcome.changed) await followUp(deps.queue, outcome.record, deps.remindBeforeMs);
  return outcome;
}
