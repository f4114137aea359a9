import type { IncomingMessage, ServerResponse } from 'node:http';

/** True when the caller (console.js) asked for JSON rather than a page. */
export function wantsJson(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('application/json');
}

/** Sends a small JSON answer to console.js. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Redirects after a POST (303) or to a sign-in (303 too: always a GET next). Only console-relative paths. */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' });
  res.end();
}

/** A plain-text refusal (403, 405, 413, 415) that says no more than needed. */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(`${text}\n`);
}

/** A path inside the console to return to after sign-in; anything else (absolute, `//host`, `/\`) is `/`. */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return /^[\x21-\x7e]*$/.test(value) ? value : '/';
}
