import type { ServerResponse } from 'node:http';

/** Adds one `Set-Cookie` header to a response without dropping those already set. */
export function appendSetCookie(res: ServerResponse, cookie: string): void {
  const current = res.getHeader('set-cookie');
  const list = current === undefined ? [] : Array.isArray(current) ? current : [String(current)];
  res.setHeader('set-cookie', [...list, cookie]);
}
