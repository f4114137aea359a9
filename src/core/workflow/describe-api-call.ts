import type { ApiRequest } from '../requests/request-types.ts';

/** Longest body a card shows inline; a longer one is cut and named by its hash. */
export const MAX_PREVIEW_BODY_CHARS = 2_000;

/**
 * The lines a card shows for a kubectl request: the exact HTTP request, its content
 * type, and its body (pretty-printed JSON where it is JSON), cut at
 * {@link MAX_PREVIEW_BODY_CHARS} with the full body's SHA-256, which is what runs.
 */
export function describeApiCall(request: ApiRequest): string[] {
  const { call } = request;
  const lines = [`kubectl sent ${call.method} ${call.path}`];
  if (call.contentType) lines.push(`Content-Type: ${call.contentType}`);
  if (call.body !== undefined && call.body.trim() !== '') {
    let body = call.body;
    try {
      body = JSON.stringify(JSON.parse(call.body), null, 2);
    } catch {
      // Not JSON (YAML apply, a binary body): shown as sent.
    }
    if (body.length > MAX_PREVIEW_BODY_CHARS) {
      lines.push(
        `${body.slice(0, MAX_PREVIEW_BODY_CHARS)}\n… (${body.length - MAX_PREVIEW_BODY_CHARS} more characters)`,
      );
    } else lines.push(body);
    lines.push(`body SHA-256 ${call.bodySha256}`);
  }
  return lines;
}
