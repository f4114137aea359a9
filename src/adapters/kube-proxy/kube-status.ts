import type { ServerResponse } from 'node:http';

/** The `reason` values of a Kubernetes `Status` the proxy answers with. */
export type StatusReason =
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'RequestEntityTooLarge'
  | 'TooManyRequests'
  | 'ServiceUnavailable'
  | 'InternalError';

const CODES: Readonly<Record<StatusReason, number>> = {
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  RequestEntityTooLarge: 413,
  TooManyRequests: 429,
  ServiceUnavailable: 503,
  InternalError: 500,
};

/** A `kind: Status` failure body, as the API server itself would send it (kubectl prints `message`). */
export function statusBody(reason: StatusReason, message: string): string {
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code: CODES[reason],
  });
}

/** The HTTP status code of a `Status` reason. */
export function statusCode(reason: StatusReason): number {
  return CODES[reason];
}

/**
 * Answers with a `kind: Status` failure, unless headers already went out (then the
 * connection is cut, which a client reads as a failed request).
 */
export function sendStatus(
  res: ServerResponse,
  reason: StatusReason,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = statusBody(reason, message);
  res.writeHead(CODES[reason], {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
