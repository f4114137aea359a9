import type { AdaptiveCard } from '../render/adaptive-card.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../render/adaptive-card.ts';
import { plainCardText } from '../render/escape-card-text.ts';

/** The body of an `adaptiveCard/action` invoke response (Universal Actions). */
export type CardActionResponse =
  | {
      readonly statusCode: 200;
      readonly type: typeof ADAPTIVE_CARD_CONTENT_TYPE;
      readonly value: AdaptiveCard;
    }
  | {
      readonly statusCode: 200;
      readonly type: 'application/vnd.microsoft.activity.message';
      readonly value: string;
    }
  | {
      readonly statusCode: 400 | 403 | 500 | 501;
      readonly type: 'application/vnd.microsoft.error';
      readonly value: { readonly code: string; readonly message: string };
    };

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

/** Refuses an invoke that is not one of Countersign's actions. */
export function badRequestResponse(message: string): CardActionResponse {
  return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message } };
}

/** Refuses an invoke from a caller this bot does not serve (another tenant). */
export function forbiddenResponse(message: string): CardActionResponse {
  return { statusCode: 403, type: 'application/vnd.microsoft.error', value: { code: 'Forbidden', message } };
}

/** Refuses an invoke name the bot does not handle. */
export function notImplementedResponse(message: string): CardActionResponse {
  return {
    statusCode: 501,
    type: 'application/vnd.microsoft.error',
    value: { code: 'NotImplemented', message },
  };
}
