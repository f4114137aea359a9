import { joinWithin } from '../../../core/cards/join-within.ts';
import { normaliseText } from '../../../core/cards/normalise-text.ts';
import type { PersonText } from '../../../core/cards/person-text.ts';
import { escapeSlackText } from './escape-mrkdwn.ts';
import { slackMention } from './slack-mention.ts';

/** Indivisible pieces of rendered mrkdwn: a mention, an entity, one character. */
const UNIT = /<@[UW][A-Z0-9]+>|&(?:amp|lt|gt);|[\s\S]/gu;
const WHOLE = { maxLines: Number.MAX_SAFE_INTEGER, maxLength: Number.MAX_SAFE_INTEGER } as const;

/**
 * A line that names people as mrkdwn: text escaped, each person by username with their
 * mention beside it, cut to `limits` with `…` never inside a mention or an entity.
 */
export function slackPersonText(text: PersonText, limits: { maxLines: number; maxLength: number }): string {
  const rendered = text
    .map((part) =>
      typeof part === 'string'
        ? escapePiece(part)
        : `${escapeSlackText(part.username, { maxLines: 1, maxLength: 200 })}${slackMention(part.chat)}`,
    )
    .join('');
  return joinWithin(normaliseText(rendered, limits.maxLines).match(UNIT) ?? [], limits.maxLength);
}

/** One plain piece, escaped; escaping trims line ends, so the space before the next piece is put back. */
function escapePiece(piece: string): string {
  const escaped = escapeSlackText(piece, WHOLE);
  return / $/.test(piece) ? `${escaped} ` : escaped;
}
