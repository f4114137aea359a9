import { formatCardTime } from '../../core/cards/format-time.ts';
import { requestTitle } from '../../core/cards/request-title.ts';
import type { Principal } from '../../core/ports/identity.ts';
import { helpText } from '../../core/requests/help-text.ts';
import type { Command } from '../../core/requests/request-types.ts';
import { cancelRequest } from '../../core/workflow/cancel-request.ts';
import { explainRequest } from '../../core/workflow/explain-request.ts';
import { extendAccess, revokeAccess } from '../../core/workflow/manage-grant.ts';
import { submitRequest } from '../../core/workflow/submit-request.ts';
import { withStepUp } from '../../core/workflow/with-step-up.ts';
import type { StepUpPort } from '../../core/ports/step-up.ts';
import type { WorkflowDeps } from '../../core/workflow/workflow-deps.ts';
import { CONSOLE_PATHS } from './console-paths.ts';

/** What the console does after a command: go to a page (with a message), or show an answer in place. */
export type CommandResult =
  | {
      readonly kind: 'redirect';
      readonly location: string;
      readonly message?: string;
      readonly changed?: { id: string; version: number };
    }
  | { readonly kind: 'answer'; readonly title: string; readonly text: string };

/**
 * Carries out one typed (or form-built) command for `person` through the core, as the
 * chat surfaces do: a change request is filed and the person goes to its page; `status`
 * and `list` go to the request or the person's list; cancel, extend and revoke run and
 * report; `whoami`, `help` and `explain` answer in place. A filing the core refuses with
 * `step_up_required` sends the person to the step-up link when `stepUp` is configured. The core's refusals are thrown
 * as `UserFacingError`s for the caller to show.
 */
export async function runConsoleCommand(
  workflow: WorkflowDeps,
  command: Exclude<Command, { type: 'form' }>,
  person: Principal,
  text: string,
  stepUp?: StepUpPort,
): Promise<CommandResult> {
  switch (command.type) {
    case 'action':
    case 'access': {
      const filed = await withStepUp(stepUp, { kind: 'file', text, requester: person }, () =>
        submitRequest(workflow, { text, request: command, requester: person }),
      );
      if ('stepUpUrl' in filed) {
        return {
          kind: 'redirect',
          location: filed.stepUpUrl,
          message: `${filed.message} Opening the sign-in…`,
        };
      }
      const record = filed.done;
      return {
        kind: 'redirect',
        location: CONSOLE_PATHS.request(record.id),
        message: `Filed ${record.id}: ${requestTitle(record.request)}.`,
        changed: { id: record.id, version: record.version },
      };
    }
    case 'status':
      return {
        kind: 'redirect',
        location: command.id ? CONSOLE_PATHS.request(command.id) : CONSOLE_PATHS.mine,
      };
    case 'list':
      return { kind: 'redirect', location: CONSOLE_PATHS.mine };
    case 'cancel': {
      const { record, changed } = await cancelRequest(workflow, command.id, person);
      return managed(
        record.id,
        record.version,
        changed ? `Cancelled ${record.id}.` : `${record.id} was already ${record.state}.`,
      );
    }
    case 'extend': {
      const { record } = await extendAccess(workflow, command.id, person, command.durationSeconds);
      const until = record.grant ? formatCardTime(record.grant.expiresAt) : 'its end';
      return managed(
        record.id,
        record.version,
        `${requestTitle(record.request)} (${record.id}) now lasts until ${until}.`,
      );
    }
    case 'revoke': {
      const { record, changed } = await revokeAccess(workflow, command.id, person);
      return managed(
        record.id,
        record.version,
        changed ? `Revoked ${record.id}.` : `${record.id} was already ${record.state}.`,
      );
    }
    case 'whoami':
      return {
        kind: 'answer',
        title: 'Who you are to Kubernetes',
        text: `username: ${person.username}\ngroups: ${person.groups.join(', ') || '(none)'}`,
      };
    case 'help':
      return { kind: 'answer', title: 'Help', text: helpText(command.topic) };
    case 'explain': {
      const { cluster, decision } = await explainRequest(workflow, command.request, person);
      const lines = [
        `${requestTitle(command.request)} on cluster ${cluster}`,
        `outcome: ${decision.outcome}`,
        `matched rules: ${decision.matchedRules.join(', ') || '(none)'}`,
        ...(decision.outcome === 'deny' ? [`reason: ${decision.reason}`] : []),
        ...(decision.outcome === 'require-approval'
          ? [
              `approvals needed: ${decision.approvalsNeeded} from ${decision.approverGroups.join(' or ')}`,
              `step-up: ${decision.stepUp ? 'yes' : 'no'}`,
            ]
          : []),
      ];
      return { kind: 'answer', title: 'What policy would do', text: lines.join('\n') };
    }
  }
}

function managed(id: string, version: number, message: string): CommandResult {
  return { kind: 'redirect', location: CONSOLE_PATHS.request(id), message, changed: { id, version } };
}
