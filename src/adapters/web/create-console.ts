import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../../config/config.ts';
import { isLoopbackHost } from '../../config/settings.ts';
import type { IdentityRules } from '../../core/identity/resolve-principal.ts';
import { ChangeAnnouncer } from '../../core/notify/change-announcer.ts';
import type { ChangeFeed } from '../../core/ports/change-feed.ts';
import type { Notifier } from '../../core/ports/notifier.ts';
import type { StepUpPort } from '../../core/ports/step-up.ts';
import type { WorkflowDeps } from '../../core/workflow/workflow-deps.ts';
import type { Route } from '../http/http-server.ts';
import { RedisChangeFeed } from '../store/redis-change-feed.ts';
import { CONSOLE_PATHS } from './console-paths.ts';
import { consoleRouter } from './ingress/console-router.ts';
import { FlashCookies } from './ingress/flash.ts';
import { OidcLogin } from '../oidc/oidc-login.ts';
import { SessionCookies } from './ingress/session.ts';
import { resolveSessionSecret } from '../store/console-session-secret.ts';
import { LiveStreams } from './chat/live-streams.ts';
import { StaticFiles } from './ingress/static-files.ts';

/** What the console needs from the composition root. */
export interface ConsoleOptions {
  readonly config: Pick<Config, 'http' | 'oidc' | 'console'> & {
    readonly redis: Pick<Config['redis'], 'keyPrefix'>;
  };
  readonly workflow: WorkflowDeps;
  /** How OIDC subjects become Kubernetes users (the same rules as the chat surfaces). */
  readonly identity: IdentityRules;
  /** For change announcements and, without SESSION_SECRET, the cookie secret; tests giving both may leave it out. */
  readonly redis?: Redis;
  readonly logger: Logger;
  /** Starts OIDC step-up when the core refuses with `step_up_required`; without it the refusal is shown. */
  readonly stepUp?: StepUpPort;
  /** Replaces Redis pub/sub, for tests. */
  readonly feed?: ChangeFeed;
}

/** The console as the process wiring mounts it (it satisfies src/app's `Surface`). */
export interface ConsoleSurface {
  readonly name: 'web';
  /** Mounted at `/`: the console answers every path no other route claims. */
  readonly routes: readonly Route[];
  /** Announces changes to every replica's open pages; works in worker-only processes. */
  readonly notifier: Notifier;
  readonly banner: string;
  /** Resolves the cookie secret early (else the first request does). */
  start(): Promise<void>;
  /** Ends open live streams and the change subscription. */
  close(): Promise<void>;
}

/**
 * The web console: server-rendered pages over the same core and neutral card as Slack
 * and Teams, live updates over SSE fed by Redis pub/sub, sign-in with OpenID Connect or,
 * on loopback only, dev users. Nothing talks to the network before the first request or `start()`.
 */
export function createConsole(options: ConsoleOptions): ConsoleSurface {
  const { config, logger: parent } = options;
  const logger = parent.child({ component: 'console' });
  const publicBaseUrl = config.http.publicBaseUrl.replace(/\/+$/, '');
  const base = new URL(publicBaseUrl);
  const secure = !(base.protocol === 'http:' && isLoopbackHost(base.hostname));
  const redis = options.redis;
  if (!redis && (!options.feed || config.console.sessionSecret === undefined))
    throw new Error(
      'createConsole: a Redis connection is required unless feed and SESSION_SECRET are both given',
    );
  const feed = options.feed ?? new RedisChangeFeed(redis as Redis, { keyPrefix: config.redis.keyPrefix });
  const streams = new LiveStreams(feed, logger);
  const changes = new ChangeAnnouncer(feed);
  const files = new StaticFiles();

  let ready: Promise<Route['handler']> | undefined;
  const build = async (): Promise<Route['handler']> => {
    const secret = await resolveSessionSecret(
      config.console.sessionSecret,
      redis as Redis,
      config.redis.keyPrefix,
    );
    const now = () => options.workflow.clock.now();
    const signIn = { publicBaseUrl, callbackPath: CONSOLE_PATHS.oidcCallback, secret, secure, logger };
    return consoleRouter(
      {
        workflow: options.workflow,
        people: {
          identity: options.identity,
          ...(config.console.devUsers ? { devUsers: config.console.devUsers } : {}),
        },
        sessions: new SessionCookies(secret, { secure, now }),
        flash: new FlashCookies(secret, secure),
        announce: (record) =>
          changes.requestChanged(record).catch((error: unknown) => {
            logger.warn({ err: error, requestId: record.id }, 'could not announce a request change');
          }),
        streams,
        origin: { publicOrigin: base.origin },
        secure,
        ...(config.oidc ? { oidc: new OidcLogin(config.oidc, signIn) } : {}),
        ...(options.stepUp ? { stepUp: options.stepUp } : {}),
        logger,
      },
      files,
    );
  };
  const handler = (): Promise<Route['handler']> =>
    (ready ??= build().catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));

  return {
    name: 'web',
    routes: [{ prefix: '/', handler: async (req, res) => (await handler())(req, res) }],
    notifier: changes,
    banner: banner(config, publicBaseUrl, secure, base),
    async start() {
      await handler();
    },
    async close() {
      await streams.close();
      await feed.close();
    },
  };
}

function banner(config: ConsoleOptions['config'], url: string, secure: boolean, base: URL): string {
  const where = `Web console at ${url}/`;
  const plainHttp =
    secure && base.protocol === 'http:'
      ? ' WARNING: PUBLIC_BASE_URL is plain http on a non-loopback host; browsers will drop the Secure session cookie.'
      : '';
  if (config.console.devUsers) {
    const names = config.console.devUsers.map((u) => u.username).join(', ');
    return `${where} in DEV USERS mode (no sign-in, loopback only; act as ${names}).${plainHttp}`;
  }
  if (config.oidc) {
    return `${where}, sign-in with ${config.oidc.issuerUrl} (redirect URI ${url}/auth/callback).${plainHttp}`;
  }
  return `${where}: no sign-in is configured; set OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and SESSION_SECRET, or COUNTERSIGN_DEV_USERS on a loopback address.${plainHttp}`;
}
