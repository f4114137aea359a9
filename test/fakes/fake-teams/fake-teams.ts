import { randomUUID } from 'node:crypto';
import { BOT_FRAMEWORK_TENANT } from '../../../src/adapters/entra/msal-app.ts';
import type { TeamsConfig } from '../../../src/config/config.ts';
import { startFakeChannelAuth, type ChannelTokenOptions, type FakeChannelAuth } from './fake-channel-auth.ts';
import { startFakeConnector, type FakeConnector } from './fake-connector.ts';
import { startFakeGraph, type FakeGraph } from './fake-graph.ts';
import { startFakeLogin, type FakeLogin } from './fake-login.ts';
import type { FakeTeam, FakeTeamsUser } from './fake-teams-types.ts';

/** The Bot Framework scope the fake connector requires on the bot's tokens. */
export const FAKE_OAUTH_SCOPE = 'https://api.botframework.test';

/** What the bot answered one delivered activity with. */
export interface BotAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** How to deliver an activity: with the normal token, another one, or none. */
export interface DeliverOptions {
  /** `null` sends no Authorization header; a string sends it as is. */
  readonly authorization?: string | null;
  readonly token?: ChannelTokenOptions;
}

/**
 * A whole fake Microsoft Teams around one bot: the Bot Framework's token signing and
 * OpenID metadata, an Entra login, the Bot Connector, Microsoft Graph, and a tenant
 * with people and teams. It builds the bot's {@link TeamsConfig} pointing at all of
 * them, and delivers signed activities to the bot's `/api/messages` as Teams would.
 */
export interface FakeTeams {
  readonly appId: string;
  readonly tenantId: string;
  readonly secret: string;
  readonly auth: FakeChannelAuth;
  readonly login: FakeLogin;
  readonly connector: FakeConnector;
  readonly graph: FakeGraph;
  readonly users: readonly FakeTeamsUser[];
  /**
   * The bot's config; `certificate` switches from the secret to a certificate
   * credential; `multiTenant` makes it a MultiTenant app (tokens from the Bot
   * Framework's tenant) serving this tenant by TEAMS_ALLOWED_TENANTS.
   */
  config(options?: { certificate?: { key: string; cert: string }; multiTenant?: boolean }): TeamsConfig;
  /** The bot's account as Teams addresses it. */
  readonly bot: { readonly id: string; readonly name: string };
  /** Where activities go, e.g. `http://127.0.0.1:PORT/api/messages`; set once the bot listens. */
  endpoint: string;
  deliver(activity: Record<string, unknown>, options?: DeliverOptions): Promise<BotAnswer>;
  stop(): Promise<void>;
}

/** Starts the fakes for a tenant with `users` and `teams`. */
export async function startFakeTeams(options: {
  readonly users: readonly FakeTeamsUser[];
  readonly teams: readonly FakeTeam[];
}): Promise<FakeTeams> {
  const appId = randomUUID();
  const tenantId = randomUUID();
  const secret = `secret-${randomUUID()}`;
  const auth = await startFakeChannelAuth();
  const login = await startFakeLogin();
  login.register({ appId, tenant: tenantId, secret });
  const connector = await startFakeConnector({ login, oauthScope: FAKE_OAUTH_SCOPE, users: options.users });
  for (const team of options.teams) connector.addTeam(team);
  const graph = await startFakeGraph({ login, users: options.users.map((u) => u.aadObjectId) });
  const bot = { id: `28:${appId}`, name: 'Countersign' };
  const fake: FakeTeams = {
    appId,
    tenantId,
    secret,
    auth,
    login,
    connector,
    graph,
    users: options.users,
    bot,
    endpoint: '',
    config(config = {}) {
      if (config.certificate) {
        login.register({ appId, tenant: tenantId, certificate: config.certificate.cert });
      }
      if (config.multiTenant) login.register({ appId, tenant: BOT_FRAMEWORK_TENANT, secret });
      return {
        appId,
        ...(config.multiTenant
          ? { appType: 'MultiTenant' as const }
          : { appType: 'SingleTenant' as const, tenantId }),
        allowedTenants: [tenantId],
        ...(config.certificate
          ? { certificate: `${config.certificate.cert}\n${config.certificate.key}` }
          : { appPassword: secret }),
        graphUrl: graph.graphUrl,
        endpoints: {
          loginUrl: login.url,
          openIdMetadataUrl: auth.metadataUrl,
          tokenIssuer: auth.issuer,
          oauthScope: FAKE_OAUTH_SCOPE,
        },
      };
    },
    async deliver(activity, deliverOptions = {}) {
      const serviceUrl = typeof activity.serviceUrl === 'string' ? activity.serviceUrl : connector.serviceUrl;
      const authorization =
        deliverOptions.authorization === undefined
          ? `Bearer ${auth.token(appId, serviceUrl, deliverOptions.token)}`
          : deliverOptions.authorization;
      const response = await fetch(fake.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization === null ? {} : { authorization }),
        },
        body: JSON.stringify(activity),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text === '' ? undefined : (JSON.parse(text) as unknown);
      } catch {
        // a plain-text answer stays text
      }
      return { status: response.status, body };
    },
    async stop() {
      await Promise.all([auth.stop(), login.stop(), connector.stop(), graph.stop()]);
    },
  };
  return fake;
}
