import { plainText, type PersonText } from '../../../core/cards/person-text.ts';
import { adaptiveCard, textBlock, type AdaptiveCard } from './adaptive-card.ts';
import { plainCardText } from './escape-card-text.ts';
import { TeamsMentions } from './teams-mentions.ts';

/**
 * One line of a request's story (a thread reply or a DM), as a one-TextBlock card: no
 * markdown or HTML from user text survives. People are named by Kubernetes username,
 * with their Teams mention beside when they acted from Teams, as the card names them;
 * the notification text (`fallbackText`) names them by username alone.
 */
export function renderThreadLine(line: PersonText): AdaptiveCard {
  const mentions = new TeamsMentions();
  return mentions.on(
    adaptiveCard(plainCardText(plainText(line), 300), [
      textBlock(mentions.text(line, { maxLines: 3, maxLength: 1000 }), { id: 'line' }),
    ]),
  );
}
