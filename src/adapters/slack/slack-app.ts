import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackConfig } from '../../config/config.ts';
import type { IdentityRules } from '../../core/identity/resolve-principal.ts';
import type { StepUpPort } from '../../core/ports/step-up.ts';
import type { WorkflowDeps } from '../../core/workflow/workflow-deps.ts';
import { CountersignError } from '../../core/errors.ts';
import type { Route } from '../http/http-server.ts';
import type { SlackHandlerDeps } from './handler-deps.ts';
import { registerAcknowledgeButton } from './on-acknowledge-button.ts';
import { registerApproveDeny } from './on-approve-deny.ts';
import { registerCancelButton } from './on-cancel-button.ts';
import { registerCommand } from './on-command.ts';
import { registerGrantButtons } from './on-grant-buttons.ts';
import { registerHome } from './on-home-opened.ts';
import { registerRequestForm } from './on-view-submission.ts';
import { dropRepeatedDeliveries } from './recent-deliveries.ts';
import { slackErrorCode } from './slack-error-code.ts';
import { SlackIdentity } from './slack-identity.ts';
import { slackLogger } from './slack-logger.ts';
import { slackClientOptions } from './slack-web-client.ts';

/** Where Slack sends events, commands and interactions in HTTP mode (the manifest's request URLs). */
export const SLACK_EVENTS_PATH = '/slack/events';

/** What the Slack surface needs from the composition root. */
export interface SlackAppDeps {
  readonly workflow: WorkflowDeps;
  readonly identity: IdentityRules;
  readonly logger: Logger;
  /** OIDC step-up, when configured: Approve on a step-up card answers with a private sign-in link. */
  readonly stepUp?: StepUpPort;
}

/** A configured Bolt app and how to run it. */
export interface SlackSurface {
  readonly app: App;
  /** HTTP mode: the route to mount on the process's HTTP server (503 until `start`); Socket Mode: none. */
  readonly routes: readonly Route[];
  /**
   * Checks the bot token with auth.test (a refusal throws `slack_auth_failed`, naming
   * Slack's answer), then accepts deliveries; Socket Mode also connects to Slack.
   */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds the Slack surface on @slack/bolt: Socket Mode when an app token is
 * configured, otherwise HTTP mode with signature and timestamp verification (five
 * minutes) on `POST /slack/events`, mounted on the serve process's own HTTP server
 * next to `/healthz`. The same listeners run in both modes: the slash command, the
 * form, Approve/Deny, Extend/Revoke, break-glass Acknowledge and App Home. Every listener acknowledges first
 * and works after; nothing here decides policy or state — that is the core's.
 */
export function createSlackApp(config: SlackConfig, deps: SlackAppDeps): SlackSurface {
  const logger = deps.logger.child({ component: 'slack' });
  const boltLogger = slackLogger(logger);
  const clientOptions = slackClientOptions(config, logger);
  const receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({ appToken: config.appToken, logger: boltLogger })
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
    deferInitialization: true,
  });
  let ready = false;
  const handlerDeps: SlackHandlerDeps = {
    workflow: deps.workflow,
    people: new SlackIdentity(app.client, deps.identity),
    logger,
    ...(deps.stepUp ? { stepUp: deps.stepUp } : {}),
  };
  app.use(dropRepeatedDeliveries(logger));
  registerCommand(app, handlerDeps);
  registerRequestForm(app, handlerDeps);
  registerApproveDeny(app, handlerDeps);
  registerGrantButtons(app, handlerDeps);
  registerCancelButton(app, handlerDeps);
  registerAcknowledgeButton(app, handlerDeps);
  registerHome(app, handlerDeps);
  app.error(async (error) => {
    logger.error({ err: error }, 'Slack listener failed');
    return Promise.resolve();
  });

  const routes: Route[] =
    receiver instanceof HTTPReceiver
      ? [{ prefix: SLACK_EVENTS_PATH, handler: (req, res) => listen(receiver, ready, req, res) }]
      : [];
  return {
    app,
    routes,
    start: async () => {
      await app.init().catch((error: unknown) => {
        const why = slackErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
        throw new CountersignError(
          'slack_auth_failed',
          `Slack did not accept SLACK_BOT_TOKEN at start (auth.test: ${why}); check the token and SLACK_API_URL.`,
          { cause: error },
        );
      });
      ready = true;
      if (receiver instanceof SocketModeReceiver) await app.start();
    },
    stop: async () => {
      if (receiver instanceof SocketModeReceiver) await app.stop();
    },
  };
}

function listen(receiver: HTTPReceiver, ready: boolean, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== SLACK_EVENTS_PATH) {
    res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain; charset=utf-8' }).end('POST only\n');
    return;
  }
  if (!ready) {
    res.writeHead(503, { 'retry-after': '1', 'content-type': 'text/plain; charset=utf-8' }).end('starting\n');
    return;
  }
  receiver.requestListener(req, res);
}
