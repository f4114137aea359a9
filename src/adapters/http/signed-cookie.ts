import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';

/** Where a signed cookie applies; every signed cookie is also HttpOnly. */
export interface CookieScope {
  readonly name: string;
  readonly path: string;
  readonly sameSite: 'Strict' | 'Lax';
  readonly secure: boolean;
}

/**
 * One cookie (the console's session, flash and sign-in cookies) holding a small JSON value of `schema`, signed:
 * `base64url(json).base64url(hmac)` with HMAC-SHA-256 under a key derived (HKDF) from
 * the session secret and the cookie's purpose, so a value signed for one cookie is
 * never accepted as another. A value that is missing, malformed, tampered with or not
 * of the schema reads as undefined. Not encrypted: put nothing secret from the person
 * themselves in it. Writing keeps the response's other `Set-Cookie` headers.
 */
export class SignedCookie<Schema extends z.ZodType> {
  private readonly key: Buffer;

  constructor(
    secret: string,
    purpose: string,
    private readonly schema: Schema,
    private readonly scope: CookieScope,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'countersign-console', purpose, 32));
  }

  /** True when the request carries this cookie at all, valid or not. */
  has(req: IncomingMessage): boolean {
    return cookieValue(req, this.scope.name) !== undefined;
  }

  read(req: IncomingMessage): z.output<Schema> | undefined {
    const [body, mac, extra] = (cookieValue(req, this.scope.name) ?? '').split('.');
    if (!body || !mac || extra !== undefined) return undefined;
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    const parsed = this.schema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  }

  write(res: ServerResponse, value: z.output<Schema>, maxAgeSeconds: number): void {
    const body = Buffer.from(JSON.stringify(value)).toString('base64url');
    this.set(res, `${body}.${this.mac(body).toString('base64url')}`, maxAgeSeconds);
  }

  clear(res: ServerResponse): void {
    this.set(res, '', 0);
  }

  private set(res: ServerResponse, value: string, maxAgeSeconds: number): void {
    const { name, path, sameSite, secure } = this.scope;
    const age = Math.max(0, Math.floor(maxAgeSeconds));
    const cookie = `${name}=${value}; Path=${path}; Max-Age=${age}; HttpOnly; SameSite=${sameSite}`;
    const current = res.getHeader('set-cookie');
    const list = current === undefined ? [] : Array.isArray(current) ? current : [String(current)];
    res.setHeader('set-cookie', [...list, secure ? `${cookie}; Secure` : cookie]);
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }
}

/** The value of cookie `name` in the request's `Cookie` header; the first of a repeated name wins. */
export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}
