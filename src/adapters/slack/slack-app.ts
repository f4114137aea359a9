import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackConfig } from '../../config/config.ts';
import type { IdentityRules } from '../../core/identity/resolve-principal.ts';
import type { StepUpPort } from '../../core/ports/step-up.ts';
import type { WorkflowDeps } from '../../core/workflow/workflow-deps.ts';
import { CountersignError } from '../../core/errors.ts';
import type { Route } from '../http/http-server.ts';
import type { SlackHandlerDeps } from './ingress/handler-deps.ts';
import { AfterAckScheduler, type AfterAckOptions } from '../http/after-ack-scheduler.ts';
import { registerCardButtons } from './ingress/on-card-buttons.ts';
import { registerCommand } from './ingress/on-command.ts';
import { registerHome } from './ingress/on-home-opened.ts';
import { registerRequestForm } from './ingress/on-view-submission.ts';
import type { DeliveryClaims } from '../../core/ports/delivery-claims.ts';
import { dropRepeatedDeliveries } from './ingress/drop-repeated-deliveries.ts';
import { refuseForeignWorkspaces } from './ingress/refuse-foreign-workspaces.ts';
import { ForeignRefusalAudit } from '../../core/audit/foreign-refusals.ts';
import { slackErrorCode } from './chat/slack-error-code.ts';
import { SlackIdentity } from './ingress/slack-identity.ts';
import { SlackLink } from './ingress/slack-link.ts';
import { slackLogger } from './chat/slack-logger.ts';
import { connectSocketMode, watchSocketMode } from './ingress/socket-mode-link.ts';
import { slackClientOptions } from './chat/slack-web-client.ts';

/** Where Slack sends events, commands and interactions in HTTP mode (the manifest's request URLs). */
export const SLACK_EVENTS_PATH = '/slack/events';

/** What the Slack surface needs from the composition root. */
export interface SlackAppDeps {
  readonly workflow: WorkflowDeps;
  readonly identity: IdentityRules;
  readonly logger: Logger;
  /** OIDC step-up, when configured. */
  readonly stepUp?: StepUpPort;
  /** Where deliveries are claimed, shared by every replica, so none is handled twice. */
  readonly claims: DeliveryClaims;
  /** Socket Mode: how long `start` waits for the first connection before it fails (default 60 s). */
  readonly connectTimeoutMs?: number;
  /** How slash commands are filed after their ack. */
  readonly afterAck?: AfterAckOptions;
}

/** A configured Bolt app and how to run it. */
export interface SlackSurface {
  readonly app: App;
  /** HTTP mode: the route to mount on the process's HTTP server (503 until `start`); Socket Mode: none. */
  readonly routes: readonly Route[];
  /** The link to Slack: up once connected (Socket Mode) or once the token is verified (HTTP mode). */
  readonly link: SlackLink;
  /** Checks the bot token (`slack_auth_failed`), then accepts deliveries; Socket Mode also connects (see connectSocketMode). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds the Slack surface on @slack/bolt: Socket Mode when an app token is configured,
 * otherwise HTTP mode (signed requests on `POST /slack/events`, mounted on the serve
 * process's HTTP server); deliveries from workspaces not allowed are refused. The same
 * listeners (command, form, card buttons, App Home) run in both modes, ack first.
 */
export function createSlackApp(config: SlackConfig, deps: SlackAppDeps): SlackSurface {
  const logger = deps.logger.child({ component: 'slack' });
  const boltLogger = slackLogger(logger);
  const clientOptions = slackClientOptions(config, logger);
  const link = new SlackLink(config.mode);
  const receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.appToken,
          logger: boltLogger,
          installerOptions: { clientOptions: slackClientOptions(config, logger) },
          customPropertiesExtractor: (args: { envelope_id?: unknown }) =>
            typeof args.envelope_id === 'string' ? { envelopeId: args.envelope_id } : {},
        })
      : new HTTPReceiver({
          signingSecret: config.signingSecret,
          endpoints: SLACK_EVENTS_PATH,
          logger: boltLogger,
          processBeforeResponse: false,
        });
  const app = new App({
    token: config.botToken,
    receiver,
    logger: boltLogger,
    clientOptions,
    // No listener keeps conversation state; Bolt's in-memory store would otherwise look
    // every delivery up and build an Error for each miss, on the ack path.
    convoStore: false,
    deferInitialization: true,
  });
  if (receiver instanceof SocketModeReceiver) watchSocketMode(receiver.client, link, logger);
  let markStopped = (): void => undefined;
  let isStopped = false;
  const stopped = new Promise<void>((resolve) => (markStopped = resolve));
  const afterAck = new AfterAckScheduler(deps.afterAck);
  const handlerDeps: SlackHandlerDeps = {
    workflow: deps.workflow,
    afterAck,
    claims: deps.claims,
    people: new SlackIdentity(app.client, deps.identity),
    logger,
    ...(deps.stepUp ? { stepUp: deps.stepUp } : {}),
  };
  let allowedWorkspaces: ReadonlySet<string> | undefined;
  const refusals = new ForeignRefusalAudit(deps.workflow.audit, deps.workflow.clock, logger);
  app.use(refuseForeignWorkspaces(() => allowedWorkspaces, logger, refusals));
  app.use(dropRepeatedDeliveries(deps.claims, logger));
  registerCommand(app, handlerDeps);
  registerRequestForm(app, handlerDeps);
  registerCardButtons(app, handlerDeps);
  registerHome(app, handlerDeps);
  app.error(async (error) => {
    logger.error({ err: error }, 'Slack listener failed');
    return Promise.resolve();
  });

  const routes: Route[] =
    receiver instanceof HTTPReceiver
      ? [{ prefix: SLACK_EVENTS_PATH, handler: (req, res) => listen(receiver, link.up, afterAck, req, res) }]
      : [];
  return {
    app,
    routes,
    link,
    start: async () => {
      await app.init().catch((error: unknown) => {
        const why = slackErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
        link.set('refused');
        throw new CountersignError(
          'slack_auth_failed',
          `Slack did not accept SLACK_BOT_TOKEN at start (auth.test: ${why}); check the token and SLACK_API_URL.`,
          { cause: error },
        );
      });
      allowedWorkspaces = await workspacesToServe(app, config);
      if (receiver instanceof SocketModeReceiver) {
        // A stop during auth.test (SIGTERM early in start-up) must not be followed by a
        // connection nobody will close: the client would retry it for ever.
        if (isStopped) {
          throw new CountersignError(
            'slack_connect_failed',
            'Stopped before the Socket Mode connection was up.',
          );
        }
        await connectSocketMode({
          start: () => app.start(),
          stop: () => app.stop(),
          link,
          logger,
          apiUrl: clientOptions.slackApiUrl ?? 'https://slack.com/api/',
          timeoutMs: deps.connectTimeoutMs ?? 60_000,
          stopped,
        });
      } else {
        link.set('verified');
      }
    },
    stop: async () => {
      isStopped = true;
      markStopped();
      if (receiver instanceof SocketModeReceiver) {
        link.set('disconnected');
        await app.stop();
      }
    },
  };
}

/**
 * The workspaces whose deliveries are served: `SLACK_ALLOWED_WORKSPACES`, which must
 * list the bot token's own workspace or organization (a token for another one is a
 * configuration error), or else that one alone, as auth.test names it.
 */
async function workspacesToServe(app: App, config: SlackConfig): Promise<ReadonlySet<string>> {
  const auth = await app.client.auth.test();
  const team = auth.team_id || undefined;
  const enterprise = auth.enterprise_id || undefined;
  const own = auth.is_enterprise_install ? (enterprise ?? team) : (team ?? enterprise);
  if (config.allowedWorkspaces) {
    const listed = [team, enterprise].some(
      (id) => id !== undefined && config.allowedWorkspaces?.includes(id),
    );
    if (!listed) {
      throw new CountersignError(
        'slack_workspace_not_allowed',
        `SLACK_BOT_TOKEN belongs to workspace ${team ?? '-'}${enterprise ? ` (organization ${enterprise})` : ''}, which SLACK_ALLOWED_WORKSPACES (${config.allowedWorkspaces.join(', ')}) does not list.`,
      );
    }
    return new Set(config.allowedWorkspaces);
  }
  if (own === undefined) {
    throw new CountersignError(
      'slack_workspace_unknown',
      'Slack did not name the bot token’s workspace (auth.test has no team_id); set SLACK_ALLOWED_WORKSPACES.',
    );
  }
  return new Set([own]);
}

function listen(
  receiver: HTTPReceiver,
  ready: boolean,
  afterAck: AfterAckScheduler,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== SLACK_EVENTS_PATH) {
    res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain; charset=utf-8' }).end('POST only\n');
    return;
  }
  if (!ready) {
    res.writeHead(503, { 'retry-after': '1', 'content-type': 'text/plain; charset=utf-8' }).end('starting\n');
    return;
  }
  afterAck.track(res);
  receiver.requestListener(req, res);
}
