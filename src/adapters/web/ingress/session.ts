import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { SignedCookie } from '../../http/signed-cookie.ts';

/** How long a signed-in session lasts: a working day. */
export const SIGNED_IN_LIFETIME_MS = 8 * 3600_000;
/** How long a visitor's anonymous session (the one that carries the login form's CSRF token) lasts. */
export const ANONYMOUS_LIFETIME_MS = 3600_000;

const userSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dev'), username: z.string().min(1) }),
  z.object({
    kind: z.literal('oidc'),
    issuer: z.string().min(1),
    subject: z.string().min(1),
    email: z.string().optional(),
    name: z.string().optional(),
  }),
]);

const sessionSchema = z.object({
  id: z.string().min(16),
  csrf: z.string().min(32),
  expiresAt: z.number(),
  user: userSchema.optional(),
});

/** Who a session belongs to: a dev user by name, or an OpenID Connect subject of an issuer. */
export type SessionUser = z.infer<typeof userSchema>;

/** One browser's session (ID, CSRF token, expiry, user), kept whole in a signed cookie so no process holds state. */
export type Session = z.infer<typeof sessionSchema>;

/**
 * Reads and writes the session cookie: HttpOnly, SameSite=Strict, Path=/, `Secure` with
 * a `__Host-` name unless `secure` is off (plain http on loopback). An unsigned, tampered
 * or expired cookie reads as no session. Sessions end only by expiry or sign-out.
 */
export class SessionCookies {
  private readonly cookie: SignedCookie<typeof sessionSchema>;

  constructor(
    secret: string,
    private readonly options: { readonly secure: boolean; readonly now: () => number },
  ) {
    const name = options.secure ? '__Host-countersign' : 'countersign';
    const scope = { name, path: '/', sameSite: 'Strict', secure: options.secure } as const;
    this.cookie = new SignedCookie(secret, 'session', sessionSchema, scope);
  }

  read(req: IncomingMessage): Session | undefined {
    const session = this.cookie.read(req);
    return session && session.expiresAt > this.options.now() ? session : undefined;
  }

  /** A new session with a fresh ID and CSRF token (never reuse the old ones across sign-in: fixation). */
  fresh(user?: SessionUser): Session {
    const lifetime = user ? SIGNED_IN_LIFETIME_MS : ANONYMOUS_LIFETIME_MS;
    return {
      id: randomBytes(16).toString('base64url'),
      csrf: randomBytes(32).toString('base64url'),
      expiresAt: this.options.now() + lifetime,
      ...(user ? { user } : {}),
    };
  }

  write(res: ServerResponse, session: Session): void {
    this.cookie.write(res, session, (session.expiresAt - this.options.now()) / 1000);
  }
}
