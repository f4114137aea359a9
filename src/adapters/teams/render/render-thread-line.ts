import { plainText, type PersonText } from '../../../core/cards/person-text.ts';
import { adaptiveCard, textBlock, type AdaptiveCard } from './adaptive-card.ts';
import { plainCardText } from './escape-card-text.ts';
import { TeamsMentions } from './teams-mentions.ts';

/**
 * One line of a request's story (a thread reply or a DM) as a one-TextBlock card, people
 * named as on the card; the notification text names them by username alone.
 */
export function renderThreadLine(line: PersonText): AdaptiveCard {
  const mentions = new TeamsMentions();
  return mentions.on(
    adaptiveCard(plainCardText(plainText(line), 300), [
      textBlock(mentions.text(line, { maxLines: 3, maxLength: 1000 }), { id: 'line' }),
    ]),
  );
}
