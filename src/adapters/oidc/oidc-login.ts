import type { IncomingMessage, ServerResponse } from 'node:http';
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { OidcConfig } from '../../config/config.ts';
import { UserFacingError } from '../../core/errors.ts';
import { safeReturnPath } from '../http/respond.ts';
import { SignedCookie } from '../http/signed-cookie.ts';
import { lazyDiscovery } from './oidc-discovery.ts';

/** How long a person may take at the identity provider before the sign-in must start over. */
const TRANSACTION_SECONDS = 600;

const transactionSchema = z.object({
  verifier: z.string(),
  state: z.string(),
  nonce: z.string(),
  returnTo: z.string(),
});

/** Who signed in, as the issuer's ID token (and, where it leaves them out, UserInfo) say. */
export interface OidcIdentity {
  readonly issuer: string;
  readonly subject: string;
  readonly email?: string;
  readonly name?: string;
}

/** What the OIDC sign-in needs from the console besides the issuer settings. */
export interface OidcLoginOptions {
  readonly publicBaseUrl: string;
  /** The path the identity provider redirects back to (the console's `/auth/callback`). */
  readonly callbackPath: string;
  readonly secret: string;
  readonly secure: boolean;
  readonly logger: Logger;
}

/**
 * Console sign-in with OpenID Connect (openid-client): authorization code flow with
 * PKCE (S256), `state` and `nonce`, against the issuer of `config.oidc` (the same one
 * step-up uses), discovered on first use and again after a failed discovery. The flow's
 * secrets travel in a signed, HttpOnly, SameSite=Lax cookie scoped to the callback path
 * (Lax, because the identity provider's redirect back is a cross-site navigation).
 * Plain http is accepted only for a loopback issuer, as config already enforces.
 */
export class OidcLogin {
  readonly issuer: string;
  private readonly options: OidcLoginOptions;
  private readonly cookie: SignedCookie<typeof transactionSchema>;
  private readonly configuration: () => Promise<oidc.Configuration>;

  constructor(config: OidcConfig, options: OidcLoginOptions) {
    this.configuration = lazyDiscovery(config);
    this.issuer = config.issuerUrl;
    this.options = options;
    this.cookie = new SignedCookie(options.secret, 'oidc-transaction', transactionSchema, {
      name: options.secure ? '__Secure-countersign-oidc' : 'countersign-oidc',
      path: options.callbackPath,
      sameSite: 'Lax',
      secure: options.secure,
    });
  }

  /** The URL the identity provider must redirect back to (register it with the client). */
  get redirectUri(): string {
    return `${this.options.publicBaseUrl}${this.options.callbackPath}`;
  }

  /** Sends the browser to the identity provider; after sign-in it comes back to `returnTo`. */
  async begin(res: ServerResponse, returnTo: string): Promise<void> {
    const configuration = await this.configuration();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const transaction = { verifier, state, nonce, returnTo: safeReturnPath(returnTo) };
    this.cookie.write(res, transaction, TRANSACTION_SECONDS);
    res.writeHead(303, { location: url.href, 'cache-control': 'no-store' });
    res.end();
  }

  /**
   * Finishes the sign-in on the callback path: checks state, nonce and PKCE, exchanges
   * the code, and returns who signed in: the ID token's subject, with email (unless
   * marked unverified) and name from the ID token or, where it leaves them out, from
   * the UserInfo endpoint for the same subject. Any failure is a `UserFacingError` asking the
   * person to sign in again; the cause is logged.
   */
  async complete(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<{ identity: OidcIdentity; returnTo: string }> {
    const transaction = this.cookie.read(req);
    this.cookie.clear(res);
    if (!transaction) throw signInFailed('the sign-in took too long or was started in another browser');
    try {
      const configuration = await this.configuration();
      const tokens = await oidc.authorizationCodeGrant(
        configuration,
        new URL(req.url ?? '/', this.options.publicBaseUrl),
        {
          pkceCodeVerifier: transaction.verifier,
          expectedState: transaction.state,
          expectedNonce: transaction.nonce,
        },
      );
      const idToken = tokens.claims();
      if (!idToken) throw new Error('the token response carried no ID token');
      let claims: Record<string, unknown> = idToken;
      const incomplete = typeof claims.email !== 'string' || typeof claims.name !== 'string';
      if (incomplete && configuration.serverMetadata().userinfo_endpoint !== undefined) {
        const info = await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
        claims = { ...info, ...idToken };
      }
      const email =
        typeof claims.email === 'string' && claims.email_verified !== false ? claims.email : undefined;
      const name = typeof claims.name === 'string' ? claims.name : undefined;
      const identity: OidcIdentity = {
        issuer: this.issuer,
        subject: idToken.sub,
        ...(email !== undefined ? { email } : {}),
        ...(name !== undefined ? { name } : {}),
      };
      return { identity, returnTo: transaction.returnTo };
    } catch (error) {
      this.options.logger.warn({ err: error }, 'OIDC sign-in failed');
      throw signInFailed('the identity provider’s answer could not be verified');
    }
  }
}

function signInFailed(why: string): UserFacingError {
  return new UserFacingError('sign_in_failed', `Sign-in did not complete: ${why}. Sign in again.`);
}
