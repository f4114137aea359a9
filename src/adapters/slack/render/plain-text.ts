import { normaliseText } from '../../../core/cards/normalise-text.ts';
import { truncateText } from '../../../core/cards/join-within.ts';

/**
 * Text for a `plain_text` object: one line, `<`/`>` as full-width lookalikes (never a
 * `<!channel>`-shaped sequence), cut to `maxLength` with `…`; empty becomes `—`.
 */
export function toPlainText(text: string, maxLength: number): string {
  const line = normaliseText(text, 1).trim().replace(/</g, '\uff1c').replace(/>/g, '\uff1e');
  return truncateText(line === '' ? '—' : line, maxLength);
}
