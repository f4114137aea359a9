import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { buildApprovalCard } from '../../core/cards/build-approval-card.ts';
import { formatCardTime } from '../../core/cards/format-time.ts';
import { requestTitle } from '../../core/cards/request-title.ts';
import { progress } from '../../core/lifecycle/progress.ts';
import type { Principal } from '../../core/ports/identity.ts';
import { parseDuration } from '../../core/requests/duration.ts';
import { cancelRequest } from '../../core/workflow/cancel-request.ts';
import { decideRequest } from '../../core/workflow/decide-request.ts';
import { extendAccess, revokeAccess } from '../../core/workflow/manage-grant.ts';
import type { MutationOutcome } from '../../core/workflow/mutate-request.ts';
import { reviewBreakGlass } from '../../core/workflow/review-break-glass.ts';
import { withStepUp } from '../../core/workflow/with-step-up.ts';
import type { TeamsHandlerDeps } from './handler-deps.ts';
import {
  badRequestResponse,
  cardResponse,
  messageResponse,
  type CardActionResponse,
} from './invoke-response.ts';
import { CARD_INPUTS, CARD_VERBS, EXTEND_DURATIONS } from './render/card-verbs.ts';
import { textBlock } from './render/adaptive-card.ts';
import { escapeCardText } from './render/escape-card-text.ts';
import { renderCard } from './render/render-card.ts';
import { renderStepUp } from './render/render-step-up.ts';
import { onFormSubmit } from './on-form-submit.ts';
import { refusal } from './card-action-refusal.ts';

const invokeValue = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string(),
    data: z.record(z.string(), z.unknown()).default({}),
  }),
});

/**
 * An Action.Execute click (`adaptiveCard/action` invoke). The card's `data` holds the
 * request ID only; a deny reason or an extension is read from the card's own inputs.
 * The clicker is identified by their Entra object ID and checked by the core at this
 * moment (approver groups now, never the requester, distinct people; compare-and-set,
 * so a double click changes nothing twice). Success answers the clicker with the
 * request's updated card (every other copy follows through the notifier); a refusal
 * answers them alone with the reason and leaves the card as it was.
 */
export async function onCardAction(
  context: TurnContext,
  deps: TeamsHandlerDeps,
): Promise<CardActionResponse> {
  const parsed = invokeValue.safeParse(context.activity.value);
  if (!parsed.success) return badRequestResponse('Not a Countersign card action.');
  const { verb, data } = parsed.data.action;
  const logger = deps.logger.child({ verb, user: context.activity.from?.aadObjectId });
  if (verb === CARD_VERBS.form) return onFormSubmit(context, deps, data, logger);
  const requestId =
    typeof data.requestId === 'string' && data.requestId.length <= 100 ? data.requestId : undefined;
  if (!requestId) return badRequestResponse('This card action names no request.');
  const child = logger.child({ requestId });
  try {
    const person = await deps.people.principalOf(context);
    return await act(deps, verb, requestId, person, data);
  } catch (error) {
    return refusal(error, child);
  }
}

async function act(
  deps: TeamsHandlerDeps,
  verb: string,
  requestId: string,
  person: Principal,
  data: Readonly<Record<string, unknown>>,
): Promise<CardActionResponse> {
  const { workflow } = deps;
  const what = (outcome: MutationOutcome): string =>
    `${requestTitle(outcome.record.request)} (${outcome.record.id})`;
  switch (verb) {
    case CARD_VERBS.approve: {
      const result = await withStepUp(deps.stepUp, { kind: 'approve', requestId, person }, () =>
        decideRequest(workflow, { requestId, person, verdict: 'approve' }),
      );
      if ('stepUpUrl' in result) return cardResponse(renderStepUp(result.message, result.stepUpUrl));
      const outcome = result.done;
      return updated(
        deps,
        outcome,
        'Your approval was already recorded; nothing changed.',
        () => `You approved ${what(outcome)}: ${progress(outcome.record).text}.`,
      );
    }
    case CARD_VERBS.deny: {
      const given = data[CARD_INPUTS.reason];
      const reason = typeof given === 'string' ? given.trim() : '';
      if (reason === '') return messageResponse('Say why you deny it; the requester sees the reason.');
      const outcome = await decideRequest(workflow, { requestId, person, verdict: 'deny', reason });
      return updated(
        deps,
        outcome,
        'This request was already decided; nothing changed.',
        () => `You denied ${what(outcome)}.`,
      );
    }
    case CARD_VERBS.extend: {
      const duration = EXTEND_DURATIONS.find((d) => d === data[CARD_INPUTS.duration]);
      if (!duration) return messageResponse(`Choose how much longer: ${EXTEND_DURATIONS.join(', ')}.`);
      const outcome = await extendAccess(workflow, requestId, person, parseDuration(duration));
      const until = outcome.record.grant ? formatCardTime(outcome.record.grant.expiresAt) : 'its end';
      return updated(deps, outcome, '', () => `${what(outcome)} now lasts until ${until}.`);
    }
    case CARD_VERBS.revoke: {
      const outcome = await revokeAccess(workflow, requestId, person);
      return updated(deps, outcome, 'This access had already ended.', () => `You revoked ${what(outcome)}.`);
    }
    case CARD_VERBS.cancel: {
      const outcome = await cancelRequest(workflow, requestId, person);
      return updated(
        deps,
        outcome,
        'This request was no longer pending.',
        () => `You cancelled ${what(outcome)}.`,
      );
    }
    case CARD_VERBS.acknowledge: {
      const outcome = await reviewBreakGlass(workflow, requestId, person);
      return updated(
        deps,
        outcome,
        'This break-glass run was already acknowledged.',
        () => `You acknowledged the break-glass run of ${what(outcome)}.`,
      );
    }
    default:
      return badRequestResponse('Not a Countersign card action.');
  }
}

/**
 * The clicker's answer: when the click changed the request, its updated card with a
 * line on top confirming what they did (the notifier brings every copy, theirs too,
 * to the shared card); when it changed nothing, `unchanged` as a message.
 */
function updated(
  deps: TeamsHandlerDeps,
  outcome: MutationOutcome,
  unchanged: string,
  confirmation: () => string,
): CardActionResponse {
  if (!outcome.changed && unchanged !== '') {
    return messageResponse(`${requestTitle(outcome.record.request)} (${outcome.record.id}): ${unchanged}`);
  }
  const card = renderCard(buildApprovalCard(outcome.record, deps.workflow.clock.now()));
  const line = textBlock(escapeCardText(confirmation(), { maxLines: 2, maxLength: 500 }), {
    id: 'confirmation',
    color: 'good',
    weight: 'bolder',
  });
  return cardResponse({ ...card, body: [line, ...card.body] });
}
