import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';

/** A person the test provider can sign in. */
export interface TestAccount {
  readonly email: string;
  readonly emailVerified: boolean;
}

/** How the test provider is set up. */
export interface OidcTestProviderOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
  /** Subject → account. */
  readonly accounts: Readonly<Record<string, TestAccount>>;
  /** The `acr` values the provider knows (it issues `acr` only when some are configured). */
  readonly acrValues: readonly string[];
  /**
   * False makes the provider ignore an essential `acr` it cannot meet and issue the
   * token anyway, as a lax real provider might, so the relying party's own check is
   * what stops it. Default true.
   */
  readonly honourEssentialAcr?: boolean;
}

/** What the test's "person" does on the provider's login page. */
export type LoginChoice =
  | {
      readonly sub: string;
      readonly acr?: string;
      readonly amr: readonly string[];
      /** Claimed sign-in time, seconds since the epoch (an old one imitates a reused session). */
      readonly authTime?: number;
    }
  | { readonly abort: string };

/** A running in-process OpenID provider. */
export interface OidcTestProvider {
  readonly issuer: string;
  readonly provider: Provider;
  /**
   * Makes the provider answer `status` (JSON `{ error }`) to every request whose path
   * starts with `pathPrefix` (`/.well-known/` for discovery, `/token` for the code
   * exchange) until {@link heal}, as a provider in trouble or a proxy in front of it would.
   */
  fail(pathPrefix: string, status: number): void;
  /** Ends every {@link fail}. */
  heal(): void;
  stop(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider) on a loopback port, for step-up tests. Its
 * login interaction is test-only: `GET /interaction/<uid>` answers JSON (the prompt and
 * the authorization request's parameters), and `POST /interaction/<uid>` with a form
 * `{ sub, acr, amr (comma-separated), authTime? }` signs that account in with those
 * methods, or with `{ abort }` ends the request with that error. Consent is implied
 * for the one client. Everything else (discovery, PKCE, ID tokens, `claims`,
 * `max_age`, `prompt=login`) is the provider's own behaviour.
 */
export async function startOidcTestProvider(options: OidcTestProviderOptions): Promise<OidcTestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const policy = interactionPolicy.base();
  if (options.honourEssentialAcr === false) policy.get('login')?.checks.remove('essential_acr');

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [...options.redirectUris],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: {
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
      iss: null,
      openid: ['sub'],
      email: ['email', 'email_verified'],
    },
    acrValues: [...options.acrValues],
    features: { claimsParameter: { enabled: true }, devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
      policy,
    },
    cookies: { keys: ['countersign-test-provider'] },
    jwks: {
      keys: [generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' })],
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
    },
    findAccount: (_ctx: unknown, sub: string) => {
      const account = options.accounts[sub];
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email: account.email, email_verified: account.emailVerified }),
      };
    },
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session, provider: op } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return op.Grant.find(existing);
      const grant = new op.Grant({ accountId: session.accountId, clientId: client.clientId });
      grant.addOIDCScope('openid email');
      grant.addOIDCClaims(['email', 'email_verified']);
      await grant.save();
      return grant;
    },
    renderError: (ctx: { type: string; body: unknown }, out: unknown) => {
      ctx.type = 'json';
      ctx.body = out;
    },
  });
  const callback = provider.callback();
  const failures = new Map<string, number>();
  server.on('request', (req, res) => {
    const failing = [...failures].find(([prefix]) => (req.url ?? '').startsWith(prefix));
    if (failing) {
      res.writeHead(failing[1], { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: 'server_error',
          error_description: `test provider answers ${String(failing[1])}`,
        }),
      );
    } else if ((req.url ?? '').startsWith('/interaction/')) {
      interaction(provider, req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
    } else {
      callback(req, res);
    }
  });
  return {
    issuer,
    provider,
    fail: (pathPrefix, status) => failures.set(pathPrefix, status),
    heal: () => failures.clear(),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function interaction(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'GET') {
    const details = await provider.interactionDetails(req, res);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ uid: details.uid, prompt: details.prompt.name, params: details.params }));
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  const abort = form.get('abort');
  if (abort) {
    await provider.interactionFinished(req, res, { error: abort }, { mergeWithLastSubmission: false });
    return;
  }
  const authTime = form.get('authTime');
  await provider.interactionFinished(
    req,
    res,
    {
      login: {
        accountId: form.get('sub') ?? '',
        ...(form.get('acr') ? { acr: form.get('acr') ?? '' } : {}),
        amr: (form.get('amr') ?? '').split(',').filter((m) => m !== ''),
        ...(authTime ? { ts: Number(authTime) } : {}),
        remember: false,
      },
    },
    { mergeWithLastSubmission: false },
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The form a test posts to the provider's interaction for `choice`. */
export function loginForm(choice: LoginChoice): URLSearchParams {
  if ('abort' in choice) return new URLSearchParams({ abort: choice.abort });
  return new URLSearchParams({
    sub: choice.sub,
    ...(choice.acr ? { acr: choice.acr } : {}),
    amr: choice.amr.join(','),
    ...(choice.authTime === undefined ? {} : { authTime: String(choice.authTime) }),
  });
}
