import { plainText, type PersonText } from '../../../core/cards/person-text.ts';
import { adaptiveCard, textBlock, type AdaptiveCard } from './adaptive-card.ts';
import { escapeCardText, plainCardText } from './escape-card-text.ts';

/**
 * One line of a request's story (a thread reply or a DM), as a one-TextBlock card: no
 * markdown or HTML from user text survives. People are named by Kubernetes username,
 * as the card's facts name them on Teams.
 */
export function renderThreadLine(line: PersonText): AdaptiveCard {
  const text = plainText(line);
  return adaptiveCard(plainCardText(text, 300), [
    textBlock(escapeCardText(text, { maxLines: 3, maxLength: 1000 }), { id: 'line' }),
  ]);
}
