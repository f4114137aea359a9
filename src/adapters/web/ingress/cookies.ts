import type { IncomingMessage } from 'node:http';

/** Attributes of a cookie the console sets; every console cookie is HttpOnly. */
export interface CookieAttributes {
  readonly maxAgeSeconds: number;
  readonly path: string;
  readonly sameSite: 'Strict' | 'Lax';
  readonly secure: boolean;
}

/** Values of the request's `Cookie` header by name; the first of a repeated name wins, malformed pairs are skipped. */
export function readCookies(req: IncomingMessage): Map<string, string> {
  const found = new Map<string, string>();
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    if (!found.has(name)) found.set(name, value);
  }
  return found;
}

/**
 * A `Set-Cookie` value. Values must be cookie-safe already (the console only sets
 * base64url and dots); anything else is refused rather than encoded.
 */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  if (!/^[A-Za-z0-9._~-]*$/.test(value)) throw new Error(`cookie ${name}: value is not cookie-safe`);
  const parts = [
    `${name}=${value}`,
    `Path=${attributes.path}`,
    `Max-Age=${Math.max(0, Math.floor(attributes.maxAgeSeconds))}`,
    'HttpOnly',
    `SameSite=${attributes.sameSite}`,
  ];
  if (attributes.secure) parts.push('Secure');
  return parts.join('; ');
}
