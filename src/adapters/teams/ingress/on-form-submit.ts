import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { readFormSubmission } from '../../../core/conversation/form-submission.ts';
import { readRequestForm } from '../../../core/conversation/request-form.ts';
import { runCommand } from '../../../core/conversation/run-command.ts';
import type { TeamsHandlerDeps } from './handler-deps.ts';
import { cardResponse, type CardActionResponse } from './invoke-response.ts';
import { renderCommandOutcome } from '../render/render-command-replies.ts';
import { requestForm } from './request-form.ts';
import { refusal } from './card-action-refusal.ts';

/**
 * The request form's Request button, read as a typed `k8s-request` is
 * ({@link readFormSubmission}): a refusal answers with the form again, values kept and
 * the fix on top; a filed request replaces the form, for the submitter, with the
 * confirmation. Refusals from the core come back as a message.
 */
export async function onFormSubmit(
  context: TurnContext,
  deps: TeamsHandlerDeps,
  data: Readonly<Record<string, unknown>>,
  logger: Logger,
): Promise<CardActionResponse> {
  const values = readRequestForm(data);
  const form = readFormSubmission(values, new Set());
  if (form.kind === 'refused') {
    return cardResponse(await requestForm(deps, logger, { values, error: form.error }));
  }
  try {
    const person = await deps.people.principalOf(context);
    return cardResponse(renderCommandOutcome(await runCommand(deps, form.request, person, form.text)));
  } catch (error) {
    return refusal(error, logger);
  }
}
