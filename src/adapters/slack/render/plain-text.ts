import { normaliseText } from '../../../core/cards/normalise-text.ts';
import { truncateText } from '../../../core/cards/join-within.ts';

/**
 * Prepares text for a `plain_text` object (headers, buttons, modal titles, options).
 * Slack shows plain_text literally and parses no mentions or links in it, so no
 * entities are needed (they would show as `&lt;`); `<` and `>` still become
 * full-width lookalikes so that no payload ever carries a `<!channel>`-shaped
 * control sequence. Control and invisible characters go, the text becomes one
 * line, and it is cut to `maxLength` with `…`. Empty text, which Slack refuses,
 * becomes `—`.
 */
export function toPlainText(text: string, maxLength: number): string {
  const line = normaliseText(text, 1).trim().replace(/</g, '\uff1c').replace(/>/g, '\uff1e');
  return truncateText(line === '' ? '—' : line, maxLength);
}
