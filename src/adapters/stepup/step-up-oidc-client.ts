import * as oidc from 'openid-client';
import type { OidcConfig } from '../../config/config.ts';
import { lazyDiscovery } from '../oidc/oidc-discovery.ts';
import type { SignedInIdentity } from './signed-in-identity.ts';

/** The secrets of one sign-in, kept server-side until the provider sends the person back. */
export interface SignInSecrets {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/**
 * The OpenID Connect side of step-up (openid-client): discovers the configured issuer
 * on first use (and again after a failed discovery), builds authorization-code
 * requests with PKCE (S256) that force a fresh login (`prompt=login`, `max_age=0`,
 * `auth_time` and `amr` asked for as essential ID-token claims, the required `acr` as an
 * essential value), and exchanges the code, checking state, nonce, PKCE and the ID
 * token's signature, issuer, audience and expiry. Plain http is accepted only for a
 * loopback issuer, as config already enforces.
 */
export class StepUpOidcClient {
  readonly redirectUri: string;
  private readonly config: OidcConfig;
  private readonly configuration: () => Promise<oidc.Configuration>;

  constructor(config: OidcConfig, redirectUri: string) {
    this.config = config;
    this.configuration = lazyDiscovery(config);
    this.redirectUri = redirectUri;
  }

  /** Fresh state, nonce and PKCE verifier for one sign-in. */
  static newSecrets(): SignInSecrets {
    return {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
  }

  /** Resolves once the provider's metadata is known; rejects if it cannot be reached. */
  async ready(): Promise<void> {
    await this.configuration();
  }

  /** Where to send the browser: a forced fresh login, with `loginHint` prefilled when known. */
  async authorizationUrl(secrets: SignInSecrets, loginHint?: string): Promise<URL> {
    const idToken: Record<string, unknown> = {
      auth_time: { essential: true },
      amr: { essential: true },
      email: null,
      email_verified: null,
      ...(this.config.requiredAcr === undefined
        ? {}
        : { acr: { essential: true, value: this.config.requiredAcr } }),
    };
    return oidc.buildAuthorizationUrl(await this.configuration(), {
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(secrets.codeVerifier),
      code_challenge_method: 'S256',
      state: secrets.state,
      nonce: secrets.nonce,
      prompt: 'login',
      max_age: '0',
      claims: JSON.stringify({ id_token: idToken }),
      ...(loginHint === undefined ? {} : { login_hint: loginHint }),
    });
  }

  /**
   * Exchanges the code in `query` (the callback's query string) and returns who signed
   * in; an email missing from the ID token is asked of the userinfo endpoint (no email
   * if that fails). Throws whatever openid-client throws when a check fails (wrong state or nonce,
   * bad PKCE, bad signature, provider error); the caller logs it and refuses.
   */
  async complete(query: URLSearchParams, secrets: SignInSecrets): Promise<SignedInIdentity> {
    const configuration = await this.configuration();
    const current = new URL(this.redirectUri);
    current.search = query.toString();
    const tokens = await oidc.authorizationCodeGrant(configuration, current, {
      pkceCodeVerifier: secrets.codeVerifier,
      expectedState: secrets.state,
      expectedNonce: secrets.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('the token response carried no ID token');
    let email = typeof claims.email === 'string' ? claims.email : undefined;
    let emailVerified = claims.email_verified === true;
    if (email === undefined && tokens.access_token) {
      const info = await oidc
        .fetchUserInfo(configuration, tokens.access_token, claims.sub)
        .catch(() => undefined);
      email = typeof info?.email === 'string' ? info.email : undefined;
      emailVerified = info?.email_verified === true;
    }
    return {
      issuer: claims.iss,
      subject: claims.sub,
      ...(typeof claims.acr === 'string' ? { acr: claims.acr } : {}),
      amr: Array.isArray(claims.amr) ? claims.amr.filter((m): m is string => typeof m === 'string') : [],
      ...(typeof claims.auth_time === 'number' ? { authTime: claims.auth_time * 1000 } : {}),
      ...(email === undefined ? {} : { email }),
      emailVerified,
    };
  }
}
