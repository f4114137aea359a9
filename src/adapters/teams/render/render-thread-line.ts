import { adaptiveCard, textBlock, type AdaptiveCard } from './adaptive-card.ts';
import { escapeCardText, plainCardText } from './escape-card-text.ts';

/** One line of a request's story (a thread reply or a DM), as a one-TextBlock card: no markdown or HTML from user text survives. */
export function renderThreadLine(line: string): AdaptiveCard {
  return adaptiveCard(plainCardText(line, 300), [
    textBlock(escapeCardText(line, { maxLines: 3, maxLength: 1000 }), { id: 'line' }),
  ]);
}
