import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { Logger } from 'pino';
import type { Route } from '../../http/http-server.ts';
import { readBodyWithin } from '../../http/read-body.ts';
import type { TeamsCloudAdapter } from './teams-cloud-adapter.ts';
import { withLibraryConsole } from './library-console.ts';

/** Where the Bot Framework delivers activities (the bot's messaging endpoint). */
export const TEAMS_MESSAGES_PATH = '/api/messages';

/** Largest activity accepted; Teams' own messages are far smaller. */
const MAX_BODY_BYTES = 1024 * 1024;

const TEXT = { 'content-type': 'text/plain; charset=utf-8' } as const;

/**
 * `POST /api/messages`: reads the JSON activity, verifies its Bot Framework token (any
 * failure a 401 and one warning naming why; keys that cannot be fetched a 503), runs the
 * turn and answers with the invoke response (or 200). Not POST 405, not a JSON activity
 * 400, over 1 MiB 413; the SDK's console output never reaches the logs.
 */
export function messagesRoute(
  adapter: TeamsCloudAdapter,
  logic: (context: TurnContext) => Promise<void>,
  logger: Logger,
): Route {
  return {
    prefix: TEAMS_MESSAGES_PATH,
    handler: async (req, res) => {
      if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== TEAMS_MESSAGES_PATH) {
        res.writeHead(405, { allow: 'POST', ...TEXT }).end('POST only\n');
        return;
      }
      const body = await readJson(req);
      if (body === 'too-large') {
        res.writeHead(413, TEXT).end('activity too large\n');
        return;
      }
      if (body === undefined || typeof body.type !== 'string') {
        res.writeHead(400, TEXT).end('body must be a JSON activity with a type\n');
        return;
      }
      const activity = body as unknown as Activity;
      const header = req.headers.authorization ?? '';
      await withLibraryConsole(logger, async () => {
        let verified: AuthenticateRequestResult;
        try {
          verified = await adapter.verify(activity, header);
        } catch (error) {
          refuse(res, error, activity, logger);
          return;
        }
        let answer: InvokeResponse | undefined;
        try {
          answer = await adapter.run(verified, activity, logic);
        } catch (error) {
          logger.error({ err: error, activityType: activity.type }, 'Teams activity failed');
          if (!res.headersSent) res.writeHead(500, TEXT).end('activity failed\n');
          return;
        }
        send(res, answer);
      });
    },
  };
}

function refuse(res: ServerResponse, error: unknown, activity: Activity, logger: Logger): void {
  const err = error instanceof Error ? error : new Error(String(error));
  const reason = (err.message.split('\n', 1)[0] ?? '').slice(0, 200);
  const context = { reason, activityType: activity.type, serviceUrl: activity.serviceUrl };
  if (unavailable(err)) {
    logger.error(context, 'Teams request not verified: the Bot Framework signing keys could not be fetched');
    res.writeHead(503, TEXT).end('token could not be verified now\n');
    return;
  }
  logger.warn(context, 'Teams request refused: no valid Bot Framework token');
  res.writeHead(401, TEXT).end('unauthorized\n');
}

function send(res: ServerResponse, answer: InvokeResponse | undefined): void {
  if (res.headersSent) return;
  const status = answer?.status ?? 200;
  if (answer?.body === undefined) {
    res.writeHead(status).end();
  } else if (typeof answer.body === 'string') {
    res.writeHead(status, TEXT).end(answer.body);
  } else {
    res
      .writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
      .end(JSON.stringify(answer.body));
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | 'too-large' | undefined> {
  const body = await readBodyWithin(req, MAX_BODY_BYTES);
  if (body === undefined) return 'too-large';
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when botframework-connector could not check a token (a 5xx `AuthenticationError`
 * fetching the OpenID metadata or keys, a network error); anything else is a refusal.
 */
function unavailable(err: Error): boolean {
  if (err instanceof AuthenticationError) return err.statusCode >= 500;
  return err.name === 'FetchError' || (err.name === 'TypeError' && err.message === 'fetch failed');
}
