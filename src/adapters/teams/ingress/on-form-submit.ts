import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import {
  formToCommandText,
  parseFormRequest,
  readRequestForm,
} from '../../../core/conversation/request-form.ts';
import { runCommand } from '../../../core/conversation/run-command.ts';
import { UserFacingError } from '../../../core/errors.ts';
import type { AccessRequest, ActionRequest } from '../../../core/requests/request-types.ts';
import type { TeamsHandlerDeps } from './handler-deps.ts';
import { cardResponse, type CardActionResponse } from './invoke-response.ts';
import { renderCommandOutcome } from '../render/render-command-replies.ts';
import { requestForm } from './request-form.ts';
import { refusal } from './card-action-refusal.ts';

/**
 * The request form's Request button. The fields become command text and go through
 * the same parser as a typed `k8s-request`: a refusal answers with the form again,
 * the values kept and the fix on top; a valid request is filed by the core and the
 * form is replaced, for the person who submitted it, by the confirmation (its ID and
 * what policy decided). Refusals from the core come back as a message.
 */
export async function onFormSubmit(
  context: TurnContext,
  deps: TeamsHandlerDeps,
  data: Readonly<Record<string, unknown>>,
  logger: Logger,
): Promise<CardActionResponse> {
  const values = readRequestForm(data);
  const text = formToCommandText(values);
  let request: ActionRequest | AccessRequest;
  try {
    request = parseFormRequest(text);
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    return cardResponse(await requestForm(deps, logger, { values, error }));
  }
  try {
    const person = await deps.people.principalOf(context);
    return cardResponse(renderCommandOutcome(await runCommand(deps, request, person, text)));
  } catch (error) {
    return refusal(error, logger);
  }
}
