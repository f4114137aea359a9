import type { ApiCallInfo } from '../requests/request-types.ts';
import { visibleJson } from './visible-json.ts';

/** Characters of a kubectl request's body a card's own line shows; the full-request view shows it whole. */
export const CARD_BODY_CHARS = 200;

/** The card's one line of a body: its start, invisible characters escaped, cut at {@link CARD_BODY_CHARS}; undefined without a body. */
export function bodyLine(call: ApiCallInfo): string | undefined {
  const line = wholeLine(call);
  if (line === undefined) return undefined;
  return line.length > CARD_BODY_CHARS ? `${line.slice(0, CARD_BODY_CHARS - 1)}…` : line;
}

function wholeLine(call: ApiCallInfo): string | undefined {
  if (call.body === undefined || call.body === '') return undefined;
  return visibleJson(call.body).replace(/\s*\n\s*/g, ' ');
}

/**
 * The line that says how much of a kubectl request's body the card shows, e.g.
 * `Request body 1834 bytes; the card shows its first 199 characters — Show full request has the whole body, exactly as forwarded`.
 */
export function bodyNotice(call: ApiCallInfo): string | undefined {
  const line = wholeLine(call);
  if (line === undefined || call.body === undefined) return undefined;
  const bytes = call.bodyBytes ?? new TextEncoder().encode(call.body).length;
  const shown =
    line.length > CARD_BODY_CHARS
      ? `the card shows its first ${CARD_BODY_CHARS - 1} characters`
      : 'the card shows all of it on one line';
  return `Request body ${bytes} bytes; ${shown} — Show full request has the whole body, exactly as forwarded`;
}
