import { decodeJwt, newSigningKey, publicJwk, signJwt, type SigningKey } from './jwt.ts';
import { startFake, type RunningFake } from './http-helpers.ts';

/** Options for a token the fake Bot Framework signs, to prove what the bot refuses. */
export interface ChannelTokenOptions {
  /** Sign with a key the metadata does not publish. */
  readonly rogueKey?: boolean;
  readonly issuer?: string;
  readonly audience?: string;
  /** Seconds until expiry; negative for an expired token. */
  readonly expiresIn?: number;
  /** Forge the signature: `tampered` flips its bytes, `none` sends an unsigned `alg: none` token. */
  readonly forged?: 'tampered' | 'none';
}

/**
 * The Bot Framework's side of inbound authentication: an OpenID metadata document and
 * a JWKS (keys endorsed for `msteams`) on a local port, and the signer of the JWT the
 * Bot Framework puts on every activity it delivers (`iss` the configured issuer, `aud`
 * the bot's app ID, `serviceurl` the activity's service URL).
 */
export interface FakeChannelAuth {
  /** `ToBotFromChannelOpenIdMetadataUrl` for the bot. */
  readonly metadataUrl: string;
  /** `ToBotFromChannelTokenIssuer` for the bot. */
  readonly issuer: string;
  /** How often the bot fetched the metadata and the keys. */
  readonly fetches: { metadata: number; keys: number };
  token(appId: string, serviceUrl: string, options?: ChannelTokenOptions): string;
  stop(): Promise<void>;
}

/** Starts the fake OpenID metadata and JWKS endpoints. */
export async function startFakeChannelAuth(): Promise<FakeChannelAuth> {
  const key = newSigningKey();
  const rogue: SigningKey = newSigningKey();
  const issuer = 'https://api.botframework.test';
  const fetches = { metadata: 0, keys: 0 };
  const self = { url: '' };
  const running: RunningFake = await startFake((request) => {
    if (request.method === 'GET' && request.path === '/v1/.well-known/openidconfiguration') {
      fetches.metadata++;
      return {
        status: 200,
        body: {
          issuer,
          authorization_endpoint: 'https://invalid.botframework.test',
          jwks_uri: `${self.url}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        },
      };
    }
    if (request.method === 'GET' && request.path === '/v1/.well-known/keys') {
      fetches.keys++;
      return { status: 200, body: { keys: [publicJwk(key, { endorsements: ['msteams'] })] } };
    }
    return { status: 404, body: { error: 'not found' } };
  });
  self.url = running.url;
  const url = running.url;
  return {
    metadataUrl: `${url}/v1/.well-known/openidconfiguration`,
    issuer,
    fetches,
    token(appId, serviceUrl, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const token = signJwt(
        {
          iss: options.issuer ?? issuer,
          aud: options.audience ?? appId,
          serviceurl: serviceUrl,
          nbf: now - 5,
          iat: now - 5,
          exp: now + (options.expiresIn ?? 3600),
        },
        options.rogueKey ? rogue : key,
      );
      const [head = '', body = '', signature = ''] = token.split('.');
      if (options.forged === 'tampered') {
        const bytes = Buffer.from(signature, 'base64url').map((b) => b ^ 0xff);
        return `${head}.${body}.${Buffer.from(bytes).toString('base64url')}`;
      }
      if (options.forged === 'none') {
        const header = { ...decodeJwt(token).header, alg: 'none' };
        return `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${body}.`;
      }
      return token;
    },
    stop: () => running.stop(),
  };
}
