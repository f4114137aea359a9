import type { SocketModeReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { CountersignError } from '../../../core/errors.ts';
import { slackErrorCode } from '../chat/slack-error-code.ts';
import type { SlackLink } from './slack-link.ts';

type SocketModeClient = SocketModeReceiver['client'];

/** Slack's refusals of an app-level token: retrying cannot help. */
const TOKEN_REFUSALS = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'not_allowed_token_type',
  'missing_scope',
  'user_removed_from_team',
  'team_disabled',
]);

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return 'unknown';
  }
};

/**
 * Keeps `link` in step with the Socket Mode client and logs the link's life: the host of
 * each connection (never the ticket), hello, Slack's `disconnect` requests with their
 * reason, socket errors, and the client's own reconnects.
 */
export function watchSocketMode(client: SocketModeClient, link: SlackLink, logger: Logger): void {
  let host = 'unknown';
  client.on('authenticated', (opened: { url?: string }) => {
    host = hostOf(opened.url ?? '');
    logger.info({ host }, 'Slack Socket Mode: opening a connection');
  });
  client.on('connected', () => {
    const again = link.snapshot().reconnects > 0 || link.state === 'reconnecting';
    link.set('connected');
    logger.info(
      { host, reconnects: link.snapshot().reconnects },
      again ? 'Slack Socket Mode reconnected' : 'Slack Socket Mode connected',
    );
  });
  client.on('ws_message', (data: unknown) => {
    if (typeof data !== 'string' || !data.includes('"disconnect"')) return;
    try {
      const message = JSON.parse(data) as { type?: unknown; reason?: unknown };
      if (message.type === 'disconnect') {
        logger.info({ host, reason: message.reason }, 'Slack asked to disconnect; reconnecting');
      }
    } catch {
      // not JSON: the client ignores it too
    }
  });
  client.on('error', (error: unknown) => {
    logger.warn(
      { host, error: error instanceof Error ? error.message : String(error) },
      'Slack Socket Mode error',
    );
  });
  client.on('close', () => {
    if (link.state === 'connected') {
      link.set('reconnecting');
      logger.warn({ host }, 'Slack Socket Mode link down; reconnecting');
    }
  });
  client.on('reconnecting', () => {
    if (link.state !== 'disconnected') link.set('reconnecting');
  });
}

/** How to bring the first Socket Mode connection up. */
export interface ConnectOptions {
  /** Opens the connection (Bolt's `app.start`), resolving once Slack said hello. */
  start(): Promise<unknown>;
  /** Gives up: closes the client and stops its reconnect attempts. */
  stop(): Promise<unknown>;
  readonly link: SlackLink;
  readonly logger: Logger;
  /** The Web API base `apps.connections.open` is called on. */
  readonly apiUrl: string;
  readonly timeoutMs: number;
  /** Settles when the surface is stopped meanwhile: connecting is given up at once. */
  readonly stopped: Promise<void>;
}

/**
 * Opens the first Socket Mode connection within `timeoutMs`: a refused app token is
 * `slack_app_token_refused`, anything else failing or late `slack_connect_failed`,
 * and either way the client is stopped; a stop meanwhile ends the wait at once.
 */
export async function connectSocketMode(options: ConnectOptions): Promise<void> {
  const { link, logger } = options;
  const apiHost = hostOf(options.apiUrl);
  link.set('connecting');
  logger.info({ apiHost }, 'Slack Socket Mode: asking apps.connections.open for a connection');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
  });
  try {
    const outcome = await Promise.race([
      options.start().then(() => 'up' as const),
      deadline,
      options.stopped.then(() => 'stopped' as const),
    ]);
    if (outcome === 'up') return;
    if (outcome === 'stopped') {
      throw new CountersignError('slack_connect_failed', 'Stopped before the Socket Mode connection was up.');
    }
    await options.stop().catch(() => undefined);
    link.set('disconnected');
    throw new CountersignError(
      'slack_connect_failed',
      `No Socket Mode connection to Slack within ${Math.round(options.timeoutMs / 1000)} s (apps.connections.open at ${apiHost}); check SLACK_API_URL and the network path to Slack.`,
    );
  } catch (error) {
    if (error instanceof CountersignError) throw error;
    await options.stop().catch(() => undefined);
    const code = slackErrorCode(error);
    if (code !== undefined && TOKEN_REFUSALS.has(code)) {
      link.set('refused');
      throw new CountersignError(
        'slack_app_token_refused',
        `Slack refused SLACK_APP_TOKEN (apps.connections.open at ${apiHost}: ${code}); it must be the app-level token (xapp-…) with the connections:write scope.`,
        { cause: error },
      );
    }
    link.set('disconnected');
    const why = code ?? (error instanceof Error ? error.message : String(error));
    throw new CountersignError(
      'slack_connect_failed',
      `No Socket Mode connection to Slack (apps.connections.open at ${apiHost}: ${why}).`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}
