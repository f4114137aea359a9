import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import { freePorts } from './free-port.ts';

/** A person the test identity provider knows, by subject. */
export interface OidcAccount {
  readonly email?: string;
  readonly name?: string;
}

/** A running in-process OpenID provider and the client registered with it. */
export interface OidcProviderHarness {
  /** `http://127.0.0.1:<port>`: the issuer, as `OIDC_ISSUER_URL` would name it. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  stop(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider) on a loopback port whose sign-in is
 * the provider's own development login pages, so a browser test can sign in as a
 * person would: one confidential client with `redirectUris`, the accounts given (the
 * login page's "login" field is the subject, any password works, consent is one click),
 * PKCE, discovery at the issuer. For step-up tests driven without a browser, see
 * oidc-test-provider.ts.
 */
export async function startOidcProvider(
  redirectUris: readonly string[],
  accounts: Readonly<Record<string, OidcAccount>>,
): Promise<OidcProviderHarness> {
  const [port = 0] = await freePorts(1);
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'countersign-test';
  const clientSecret = randomBytes(24).toString('hex');
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [...redirectUris],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    findAccount(_ctx: unknown, sub: string) {
      const account = accounts[sub];
      if (!account) return Promise.resolve(undefined);
      return Promise.resolve({
        accountId: sub,
        claims: () =>
          Promise.resolve({
            sub,
            ...(account.email ? { email: account.email, email_verified: true } : {}),
            ...(account.name ? { name: account.name } : {}),
          }),
      });
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: [randomBytes(16).toString('hex')] },
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    issuer,
    clientId,
    clientSecret,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
