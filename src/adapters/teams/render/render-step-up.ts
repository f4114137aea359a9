import { adaptiveCard, textBlock, type AdaptiveCard } from './adaptive-card.ts';
import { escapeCardText, plainCardText } from './escape-card-text.ts';

/**
 * Why a sign-in is needed (the core's refusal, safe to show) and the single-use link
 * to it, for the person alone; nothing counts until the sign-in completes.
 */
export function renderStepUp(message: string, url: string): AdaptiveCard {
  return adaptiveCard(
    plainCardText(message, 300),
    [
      textBlock(escapeCardText(message, { maxLines: 3, maxLength: 1000 }), {
        id: 'step-up',
        color: 'warning',
      }),
    ],
    [{ type: 'Action.OpenUrl', id: 'sign-in', title: 'Sign in again', url, style: 'positive' }],
  );
}
