import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { failureNotice } from '../../../core/conversation/failure-notice.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from '../render/adaptive-card.ts';
import { plainCardText } from '../render/escape-card-text.ts';
import { teamsSpelled } from '../render/teams-example.ts';

/** The error codes of the invoke refusals Countersign gives, by HTTP status. */
const ERROR_CODES = { 400: 'BadRequest', 403: 'Forbidden', 501: 'NotImplemented' } as const;

/** The body of an `adaptiveCard/action` invoke response (Universal Actions): a card, a message, or an error. */
export interface CardActionResponse {
  readonly statusCode: 200 | keyof typeof ERROR_CODES;
  readonly type: string;
  readonly value: AdaptiveCard | string | { readonly code: string; readonly message: string };
}

/** Replaces the clicked card, for the person who clicked, with `card`. */
export function cardResponse(card: AdaptiveCard): CardActionResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
}

/** Shows the person who clicked a short plain message and leaves the card as it is. */
export function messageResponse(text: string): CardActionResponse {
  return {
    statusCode: 200,
    type: 'application/vnd.microsoft.activity.message',
    value: plainCardText(text, 1000),
  };
}

/**
 * Refuses an invoke: 400 not one of Countersign's actions, 403 another tenant, 501 an
 * invoke name not handled.
 */
export function errorResponse(statusCode: keyof typeof ERROR_CODES, message: string): CardActionResponse {
  return {
    statusCode,
    type: 'application/vnd.microsoft.error',
    value: { code: ERROR_CODES[statusCode], message },
  };
}

/** A refusal for the clicker alone, as a message: the core's {@link failureNotice}, commands spelled for Teams. */
export function refusal(error: unknown, logger: Logger): CardActionResponse {
  const notice = failureNotice(error, logger, 'Teams card action failed');
  return messageResponse(notice.kind === 'refused' ? teamsSpelled(notice.error.toUserText()) : notice.text);
}

/** Answers an invoke with `body`; the HTTP status is always the body's `statusCode`, as botbuilder's own handler does. */
export async function respond(context: TurnContext, body: CardActionResponse): Promise<void> {
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status: body.statusCode, body },
  });
}
