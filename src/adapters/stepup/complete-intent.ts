import { requestTitle } from '../../core/cards/request-title.ts';
import { UserFacingError } from '../../core/errors.ts';
import { progress } from '../../core/lifecycle/progress.ts';
import type { RequestRecord, StepUpEvidence } from '../../core/lifecycle/request-record.ts';
import type { StepUpIntent } from '../../core/ports/step-up.ts';
import { parseCommand } from '../../core/requests/parse-command.ts';
import { decideRequest } from '../../core/workflow/decide-request.ts';
import { submitRequest } from '../../core/workflow/submit-request.ts';
import type { WorkflowDeps } from '../../core/workflow/workflow-deps.ts';

/** What completing an intent did, for the result page and the log. */
export interface IntentOutcome {
  readonly record: RequestRecord;
  /** One sentence for the person. */
  readonly message: string;
}

/**
 * Carries out what the person was doing when step-up was asked for, now with the
 * evidence attached: the approval (`decideRequest`, which checks everything a click is
 * checked for, at this moment) or the filing of the typed request (`submitRequest`,
 * text parsed again, policy asked again). Refusals are the core's `UserFacingError`s.
 */
export async function completeIntent(
  workflow: WorkflowDeps,
  intent: StepUpIntent,
  evidence: StepUpEvidence,
): Promise<IntentOutcome> {
  if (intent.kind === 'approve') {
    const outcome = await decideRequest(workflow, {
      requestId: intent.requestId,
      person: intent.person,
      verdict: 'approve',
      stepUp: evidence,
    });
    const what = describe(outcome.record);
    return {
      record: outcome.record,
      message: outcome.changed
        ? `You approved ${what}: ${progress(outcome.record).text}.`
        : `Your approval of ${what} was already recorded; nothing changed.`,
    };
  }
  const command = parseCommand(intent.text);
  if (command.type !== 'action' && command.type !== 'access') {
    throw new UserFacingError(
      'not_a_change_request',
      'Only an action or access request can be filed after signing in.',
    );
  }
  const record = await submitRequest(workflow, {
    text: intent.text,
    request: command,
    requester: intent.requester,
    requesterStepUp: evidence,
  });
  return { record, message: filedMessage(record) };
}

function filedMessage(record: RequestRecord): string {
  const what = describe(record);
  if (record.breakGlass) {
    return `Break-glass ${what} runs now under ${record.breakGlass.incident}. It is announced to the approvers and security, who will review it.`;
  }
  switch (record.state) {
    case 'pending':
      return `Filed ${what}: waiting for approval (${progress(record).text}).`;
    case 'denied':
      return `Policy denied ${what}: ${record.denial?.reason ?? 'no reason given'}.`;
    default:
      return `Filed ${what}: ${record.state}.`;
  }
}

function describe(record: RequestRecord): string {
  return `${requestTitle(record.request)} (${record.id})`;
}
