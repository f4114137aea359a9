/**
 * What a verified ID token (and, for a missing email, the userinfo endpoint) says about
 * who just signed in. Only the OIDC client builds it, after checking signature, issuer,
 * audience, expiry, state, nonce and PKCE.
 */
export interface SignedInIdentity {
  readonly issuer: string;
  readonly subject: string;
  readonly acr?: string;
  /** Authentication methods (`amr`), e.g. `pwd`, `mfa`, `otp`, `hwk`; empty when absent. */
  readonly amr: readonly string[];
  /** `auth_time` in ms since the epoch; undefined when the token has none. */
  readonly authTime?: number;
  readonly email?: string;
  /** True only when the provider said `email_verified: true`. */
  readonly emailVerified: boolean;
}
