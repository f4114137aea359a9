import { formatCardTime } from '../../core/cards/format-time.ts';
import { requestTitle } from '../../core/cards/request-title.ts';
import type { Principal } from '../../core/ports/identity.ts';
import type { StepUpPort } from '../../core/ports/step-up.ts';
import { helpText } from '../../core/requests/help-text.ts';
import type { Command } from '../../core/requests/request-types.ts';
import { cancelRequest } from '../../core/workflow/cancel-request.ts';
import { explainRequest } from '../../core/workflow/explain-request.ts';
import { extendAccess, revokeAccess } from '../../core/workflow/manage-grant.ts';
import { requestNotFound } from '../../core/workflow/mutate-request.ts';
import { submitRequest } from '../../core/workflow/submit-request.ts';
import { withStepUp } from '../../core/workflow/with-step-up.ts';
import type { WorkflowDeps } from '../../core/workflow/workflow-deps.ts';
import {
  doneReply,
  explainReply,
  listReply,
  preformattedReply,
  statusReply,
  whoamiReply,
} from './command-replies.ts';
import type { SlackMessage } from './render/block-kit.ts';
import { renderRequestReply } from './render/render-request-reply.ts';
import { renderStepUpReply } from './render/render-step-up-reply.ts';

/** A parsed command other than the form, which needs a modal rather than a reply. */
export type ReplyCommand = Exclude<Command, { type: 'form' }>;

/**
 * Carries out one `/k8s-request` command for `person` through the core workflow and
 * says what happened, for the person alone: the confirmation of a filed request (its
 * ID and what policy decided), a status, a list, cancel/extend/revoke outcomes,
 * whoami, help, or what policy would do. A filing policy wants a fresh sign-in for
 * answers with the step-up link when one is configured. Refusals are thrown as the
 * core's `UserFacingError`s; the caller turns them into replies.
 */
export async function runCommand(
  workflow: WorkflowDeps,
  command: ReplyCommand,
  person: Principal,
  text: string,
  stepUp?: StepUpPort,
): Promise<SlackMessage> {
  const now = workflow.clock.now();
  switch (command.type) {
    case 'action':
    case 'access': {
      const filed = await withStepUp(stepUp, { kind: 'file', text, requester: person }, () =>
        submitRequest(workflow, { text, request: command, requester: person }),
      );
      return 'stepUpUrl' in filed
        ? renderStepUpReply(filed.message, filed.stepUpUrl)
        : renderRequestReply(filed.done);
    }
    case 'status': {
      if (command.id === undefined) return listFor(workflow, person, now);
      const record = await workflow.store.get(command.id);
      if (!record) throw requestNotFound(command.id);
      return statusReply(record, now);
    }
    case 'list':
      return listFor(workflow, person, now);
    case 'cancel': {
      const { record, changed } = await cancelRequest(workflow, command.id, person);
      return doneReply(changed ? `Cancelled ${record.id}.` : `${record.id} was already ${record.state}.`);
    }
    case 'extend': {
      const { record } = await extendAccess(workflow, command.id, person, command.durationSeconds);
      const until = record.grant ? formatCardTime(record.grant.expiresAt) : 'its end';
      return doneReply(`${requestTitle(record.request)} (${record.id}) now lasts until ${until}.`);
    }
    case 'revoke': {
      const { record, changed } = await revokeAccess(workflow, command.id, person);
      return doneReply(
        changed
          ? `Revoked ${requestTitle(record.request)} (${record.id}).`
          : `${record.id} was already ${record.state}.`,
      );
    }
    case 'whoami':
      return whoamiReply(person);
    case 'help':
      return preformattedReply('Countersign help', helpText(command.topic));
    case 'explain': {
      const { cluster, decision } = await explainRequest(workflow, command.request, person);
      return explainReply(requestTitle(command.request), cluster, decision);
    }
  }
}

async function listFor(workflow: WorkflowDeps, person: Principal, now: number): Promise<SlackMessage> {
  const open = await workflow.store.listOpenByRequester(person.username);
  const grants = (await workflow.store.listActiveGrants()).filter(
    (r) => r.requester.username === person.username,
  );
  return listReply(open, grants, now);
}
