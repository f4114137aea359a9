import { createHash, X509Certificate } from 'node:crypto';
import { selfSignedCert } from '../../harness/self-signed-cert.ts';
import { startFake, type FakeRequest, type FakeResponse } from './http-helpers.ts';
import { decodeJwt, newSigningKey, signJwt, verifyJwt } from './jwt.ts';

/** An app registration the fake login knows: its tenant and its secret or certificate. */
export interface FakeApp {
  readonly appId: string;
  readonly tenant: string;
  readonly secret?: string;
  /** PEM certificate whose key signs the app's client assertions. */
  readonly certificate?: string;
}

/** One token the fake login issued. */
export interface IssuedToken {
  readonly tenant: string;
  readonly clientId: string;
  readonly scope: string;
  readonly credential: 'secret' | 'certificate';
}

/**
 * A local Entra login endpoint over HTTPS (MSAL refuses plain HTTP), with a
 * self-signed certificate the bot is told to trust: the tenant's OpenID
 * configuration, and the client-credentials token endpoint, which checks the client
 * secret or the certificate-signed client assertion (`x5t#S256`, `aud` = the token
 * endpoint, `iss` = `sub` = the app) and issues a signed access token for the asked
 * scope. Other fakes check bearer tokens with {@link FakeLogin.verify}.
 */
export interface FakeLogin {
  /** `TEAMS_LOGIN_URL` for the bot (the tenant is appended by the bot). */
  readonly url: string;
  /** The CA (the self-signed certificate) the bot must trust for `url`. */
  readonly ca: string;
  readonly issued: readonly IssuedToken[];
  /** Requests refused, with why. */
  readonly refusals: readonly string[];
  register(app: FakeApp): void;
  /** Checks `Bearer <token>` was issued here for `resource`; returns its claims or throws why not. */
  verify(authorization: string | undefined, resource: string): Record<string, unknown>;
  stop(): Promise<void>;
}

/** Starts the fake login endpoint. */
export async function startFakeLogin(): Promise<FakeLogin> {
  const tls = selfSignedCert();
  const key = newSigningKey();
  const apps = new Map<string, FakeApp>();
  const issued: IssuedToken[] = [];
  const refusals: string[] = [];
  let base = '';
  const refuse = (why: string): FakeResponse => {
    refusals.push(why);
    return { status: 401, body: { error: 'invalid_client', error_description: why } };
  };

  const token = (request: FakeRequest, tenant: string): FakeResponse => {
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    if (form.grant_type !== 'client_credentials')
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    const app = apps.get(form.client_id ?? '');
    if (!app || app.tenant !== tenant)
      return refuse(`unknown client ${form.client_id ?? ''} in tenant ${tenant}`);
    const scope = form.scope?.split(' ').find((s) => s.endsWith('/.default'));
    if (!scope) return { status: 400, body: { error: 'invalid_scope' } };
    let credential: IssuedToken['credential'];
    if (form.client_secret !== undefined) {
      if (form.client_secret !== app.secret) return refuse('wrong client secret');
      credential = 'secret';
    } else if (form.client_assertion_type === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      const why = assertionProblem(form.client_assertion ?? '', app, `${base}/${tenant}/oauth2/v2.0/token`);
      if (why) return refuse(why);
      credential = 'certificate';
    } else {
      return refuse('no client credential');
    }
    issued.push({ tenant, clientId: app.appId, scope, credential });
    const now = Math.floor(Date.now() / 1000);
    const accessToken = signJwt(
      {
        iss: `${base}/${tenant}/v2.0`,
        aud: scope.slice(0, -'/.default'.length),
        appid: app.appId,
        tid: tenant,
        iat: now,
        nbf: now,
        exp: now + 3600,
      },
      key,
    );
    return {
      status: 200,
      body: { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: accessToken },
    };
  };

  const running = await startFake((request) => {
    const match = /^\/([^/]+)(?:\/v2\.0)?\/(\.well-known\/openid-configuration|oauth2\/v2\.0\/token)$/.exec(
      request.path,
    );
    const tenant = match?.[1];
    if (!tenant) return { status: 404, body: { error: 'not_found' } };
    if (match[2] === 'oauth2/v2.0/token' && request.method === 'POST') return token(request, tenant);
    if (request.method !== 'GET') return { status: 405, body: { error: 'method' } };
    return {
      status: 200,
      body: {
        issuer: `${base}/${tenant}/v2.0`,
        token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'token'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
      },
    };
  }, tls);
  base = running.url;

  return {
    url: base,
    ca: tls.cert,
    issued,
    refusals,
    register: (app) => apps.set(app.appId, app),
    verify(authorization, resource) {
      const bearer = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
      if (!bearer) throw new Error('no bearer token');
      const claims = verifyJwt(bearer, key.publicKey);
      if (claims.aud !== resource) throw new Error(`token for ${String(claims.aud)}, not ${resource}`);
      return claims;
    },
    stop: () => running.stop(),
  };
}

function assertionProblem(assertion: string, app: FakeApp, endpoint: string): string | undefined {
  if (!app.certificate) return 'the app has no certificate';
  let claims: Record<string, unknown>;
  try {
    claims = verifyJwt(assertion, app.certificate);
  } catch (error) {
    return `client assertion: ${String(error)}`;
  }
  const { header } = decodeJwt(assertion);
  const der = new X509Certificate(app.certificate).raw;
  const thumbprint = createHash('sha256').update(der).digest('base64url');
  if (
    header['x5t#S256'] !== thumbprint &&
    header.x5t !== createHash('sha1').update(der).digest('base64url')
  ) {
    return 'client assertion names another certificate';
  }
  if (claims.aud !== endpoint) return `client assertion audience ${String(claims.aud)} is not ${endpoint}`;
  if (claims.iss !== app.appId || claims.sub !== app.appId) return 'client assertion is not from the app';
  return undefined;
}
