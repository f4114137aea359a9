import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import { CARD_ACTION_IDS } from '../../../core/cards/approval-card.ts';
import { buildApprovalCard } from '../../../core/cards/build-approval-card.ts';
import { runCardAction, type CardActionOutcome } from '../../../core/conversation/card-action.ts';
import type { Principal } from '../../../core/ports/identity.ts';
import type { RequestAction } from '../../../core/conversation/outcome-text.ts';
import { cardActivity } from '../render/card-activity.ts';
import type { TeamsHandlerDeps } from './handler-deps.ts';
import {
  errorResponse,
  cardResponse,
  messageResponse,
  refusal,
  type CardActionResponse,
} from './invoke-response.ts';
import { requestForm } from './request-form.ts';
import { readFormSubmission } from '../../../core/conversation/form-submission.ts';
import { readRequestForm } from '../../../core/conversation/request-form.ts';
import { runCommand } from '../../../core/conversation/run-command.ts';
import { CARD_ACTION_FIELDS, EXTEND_DURATIONS } from '../../../core/conversation/card-action-fields.ts';
import { doneReplyLines } from '../../../core/conversation/command-reply-lines.ts';
import { textBlock } from '../render/adaptive-card.ts';
import { CARD_VERBS } from '../render/card-verbs.ts';
import { escapeCardText } from '../render/escape-card-text.ts';
import { renderCommandOutcome, renderLinesReply, renderStepUp } from '../render/render-command-replies.ts';
import { renderCard } from '../render/render-card.ts';

const invokeValue = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string(),
    data: z.record(z.string(), z.unknown()).default({}),
  }),
});

const ACTION_OF_VERB: ReadonlyMap<string, RequestAction> = new Map(
  CARD_ACTION_IDS.map((a) => [CARD_VERBS[a], a]),
);

/**
 * An Action.Execute click for the core's card-action handler: the request ID from the
 * card's `data`, a deny reason or extension from its inputs, the clicker checked now. A
 * change answers the clicker with the updated card under a confirmation line, also posted
 * where the card is (so it outlives the shared update); no change, or a refusal, is a
 * message to them alone.
 */
export async function onCardAction(
  context: TurnContext,
  deps: TeamsHandlerDeps,
): Promise<CardActionResponse> {
  const parsed = invokeValue.safeParse(context.activity.value);
  if (!parsed.success) return errorResponse(400, 'Not a Countersign card action.');
  const { verb, data } = parsed.data.action;
  const logger = deps.logger.child({ verb, user: context.activity.from?.aadObjectId });
  if (verb === CARD_VERBS.form) return submitForm(context, deps, data, logger);
  const action = ACTION_OF_VERB.get(verb);
  if (!action) return errorResponse(400, 'Not a Countersign card action.');
  const requestId =
    typeof data.requestId === 'string' && data.requestId.length <= 100 ? data.requestId : undefined;
  if (!requestId) return errorResponse(400, 'This card action names no request.');
  const child = logger.child({ requestId });
  const reason = data[CARD_ACTION_FIELDS.reason.id];
  const duration = EXTEND_DURATIONS.find((d) => d === data[CARD_ACTION_FIELDS.duration.id]);
  if (action === 'extend' && !duration) {
    return messageResponse(`Choose how much longer: ${EXTEND_DURATIONS.join(', ')}.`);
  }
  let outcome: CardActionOutcome;
  let person: Principal;
  try {
    person = await deps.people.principalOf(context);
    outcome = await runCardAction(deps, {
      action,
      requestId,
      person,
      ...(typeof reason === 'string' ? { reason } : {}),
      ...(duration ? { duration } : {}),
    });
  } catch (error) {
    return refusal(error, child);
  }
  if (outcome.kind === 'step-up') return cardResponse(renderStepUp(outcome.message, outcome.url));
  const { record, changed } = outcome.outcome;
  if (!changed && action !== 'extend') return messageResponse(outcome.text);
  await confirmWhereClicked(context, person, outcome.text, child);
  const card = renderCard(buildApprovalCard(record, deps.workflow.clock.now()));
  const line = textBlock(escapeCardText(outcome.text, { maxLines: 2, maxLength: 500 }), {
    id: 'confirmation',
    color: 'good',
    weight: 'bolder',
  });
  return cardResponse({ ...card, body: [line, ...card.body] });
}

/**
 * The confirmation as a reply where the click happened (the card's thread, or the chat),
 * naming the clicker by username where others read it; a failure to post is only logged.
 */
async function confirmWhereClicked(
  context: TurnContext,
  person: Principal,
  text: string,
  logger: Logger,
): Promise<void> {
  const personal = context.activity.conversation?.conversationType === 'personal';
  const shown = personal ? text : `${person.username}: ${text}`;
  try {
    await context.sendActivity(cardActivity(renderLinesReply(doneReplyLines(shown))));
  } catch (error) {
    logger.warn({ err: error }, 'could not post the click confirmation');
  }
}

/**
 * The request form's Request button, read as a typed `k8s-request` is
 * ({@link readFormSubmission}): a refusal answers with the form again, values kept and
 * the fix on top; a filed request replaces the form, for the submitter, with the
 * confirmation. Refusals from the core come back as a message.
 */
async function submitForm(
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
