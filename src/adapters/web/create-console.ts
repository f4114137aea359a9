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
import type { ConsoleDeps } from './console-deps.ts';
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
  /**
   * The process's Redis connection: change announcements and, without SESSION_SECRET,
   * the shared cookie secret. May be left out only when both `feed` and the session
   * secret are given (tests).
   */
  readonly redis?: Redis;
  readonly logger: Logger;
  /**
   * Starts OIDC step-up when the core refuses an Approve or a filing with
   * `step_up_required`; the person's browser is sent to the link it returns. Without it
   * such refusals are shown as they are.
   */
  readonly stepUp?: StepUpPort;
  /** Replaces Redis pub/sub, for tests. */
  readonly feed?: ChangeFeed;
}

/** The console as the process wiring mounts it (it satisfies src/app's `Surface`). */
export interface ConsoleSurface {
  readonly name: 'web';
  /** Mount at `/`: the console answers every path no other route claims. */
  readonly routes: readonly Route[];
  /** Give this to the worker's `notify` fan-out: it announces changes to every replica's open pages. */
  readonly notifier: Notifier;
  /** Where the console is and how people sign in, for the start-up log. */
  readonly banner: string;
  /** Resolves the cookie secret (and so fails early if Redis is unusable); optional, the first request does it too. */
  start(): Promise<void>;
  /** Ends open live streams and the change subscription. */
  close(): Promise<void>;
}

/**
 * The web console, the third chat surface: server-rendered pages over the same core
 * and neutral card as Slack and Teams, one static script for live updates (SSE fed by
 * Redis pub/sub, so any number of replicas agree) and fetch POSTs, sign-in with OpenID
 * Connect or, on loopback only, dev users. Builds nothing that talks to the network
 * until the first request or `start()`; the notifier works in worker-only processes.
 */
export function createConsole(options: ConsoleOptions): ConsoleSurface {
  const { config, logger: parent } = options;
  const logger = parent.child({ component: 'console' });
  const publicBaseUrl = config.http.publicBaseUrl.replace(/\/+$/, '');
  const base = new URL(publicBaseUrl);
  const secure = !(base.protocol === 'http:' && isLoopbackHost(base.hostname));
  const redis = options.redis;
  const needsRedis = !options.feed || config.console.sessionSecret === undefined;
  if (needsRedis && !redis)
    throw new Error(
      'createConsole: a Redis connection is required unless feed and SESSION_SECRET are both given',
    );
  const feed = options.feed ?? new RedisChangeFeed(redis as Redis, { keyPrefix: config.redis.keyPrefix });
  const streams = new LiveStreams(feed, logger);
  const changes = new ChangeAnnouncer(feed);
  const files = new StaticFiles();

  let ready:
    | Promise<(req: Parameters<Route['handler']>[0], res: Parameters<Route['handler']>[1]) => Promise<void>>
    | undefined;
  const build = async () => {
    const secret = await resolveSessionSecret(
      config.console.sessionSecret,
      redis as Redis,
      config.redis.keyPrefix,
    );
    const now = () => options.workflow.clock.now();
    const signIn = { publicBaseUrl, callbackPath: CONSOLE_PATHS.oidcCallback, secret, secure, logger };
    const deps: ConsoleDeps = {
      workflow: options.workflow,
      people: {
        identity: options.identity,
        ...(config.console.devUsers ? { devUsers: config.console.devUsers } : {}),
      },
      sessions: new SessionCookies(secret, { secure, now }),
      flash: new FlashCookies(secret, secure),
      changes,
      streams,
      origin: { publicOrigin: base.origin },
      secure,
      publicBaseUrl,
      ...(config.oidc ? { oidc: new OidcLogin(config.oidc, signIn) } : {}),
      ...(options.stepUp ? { stepUp: options.stepUp } : {}),
      logger,
    };
    return consoleRouter(deps, files);
  };
  const handler = (): NonNullable<typeof ready> =>
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
