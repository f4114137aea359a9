import { ActivityTypes, type Activity } from 'botbuilder';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from './adaptive-card.ts';
import { plainCardText } from './escape-card-text.ts';

/** A card as a Teams message activity; `summary` is what notifications show, plain text. */
export function cardActivity(card: AdaptiveCard): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    summary: plainCardText(card.fallbackText, 200),
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
  };
}
