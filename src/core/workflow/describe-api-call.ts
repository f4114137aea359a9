import { bodyLine } from '../changes/body-summary.ts';
import type { ApiRequest } from '../requests/request-types.ts';

/**
 * The lines a card shows for a kubectl request: the exact HTTP request, its content
 * type, the start of its body on one line (see `bodyLine`) and the body's SHA-256.
 * The card's notice (`bodyNotice`) says how much that is; "Show full request" shows
 * the whole body.
 */
export function describeApiCall(request: ApiRequest): string[] {
  const { call } = request;
  const lines = [`kubectl sent ${call.method} ${call.path}`];
  if (call.contentType) lines.push(`Content-Type: ${call.contentType}`);
  const body = bodyLine(call);
  if (body !== undefined) lines.push(body, `body SHA-256 ${call.bodySha256}`);
  return lines;
}
