import type { IncomingMessage } from 'node:http';

/** Parameters Slack's Web API decodes from JSON inside a form field. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata']);

/** A Web API call's arguments and its token, read the way Slack reads them. */
export interface ApiRequest {
  readonly params: Record<string, unknown>;
  readonly token: string | undefined;
  /** Set when a JSON-in-form field is not JSON; Slack answers `invalid_arguments` (or `invalid_blocks_format`). */
  readonly badJson?: string;
}

/**
 * Reads a `POST /api/<method>` body as @slack/web-api sends it — form-encoded with
 * nested values as JSON strings — or as JSON, which Slack also accepts. The token
 * comes from `Authorization: Bearer` or, as Slack allows, a `token` parameter.
 */
export async function readApiRequest(req: IncomingMessage): Promise<ApiRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
  let params: Record<string, unknown> = {};
  let badJson: string | undefined;
  if (type === 'application/json') {
    try {
      const parsed: unknown = raw === '' ? {} : JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        params = parsed as Record<string, unknown>;
      } else {
        badJson = 'body';
      }
    } catch {
      badJson = 'body';
    }
  } else {
    params = Object.fromEntries(new URLSearchParams(raw));
  }
  for (const field of JSON_FIELDS) {
    const value = params[field];
    if (typeof value !== 'string') continue;
    try {
      params[field] = JSON.parse(value);
    } catch {
      badJson ??= field;
    }
  }
  const header = req.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
  const bodyToken = typeof params.token === 'string' ? params.token : undefined;
  delete params.token;
  return { params, token: bearer ?? bodyToken, ...(badJson !== undefined && { badJson }) };
}
