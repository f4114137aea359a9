import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudAdapter, Request, Response, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Route } from '../http/http-server.ts';

/** Where the Bot Framework delivers activities (the bot's messaging endpoint). */
export const TEAMS_MESSAGES_PATH = '/api/messages';

/** Largest activity accepted; Teams' own messages are far smaller. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * `POST /api/messages` on the serve process's HTTP server: reads the JSON activity
 * and hands it to the CloudAdapter, which rejects a request without a valid Bot
 * Framework token with 401 before any logic runs, runs the turn, and answers with the
 * invoke response (or 200). Anything but POST is 405, a body that is not a JSON
 * object 400, a body over 1 MiB 413.
 */
export function messagesRoute(
  adapter: CloudAdapter,
  logic: (context: TurnContext) => Promise<void>,
  logger: Logger,
): Route {
  return {
    prefix: TEAMS_MESSAGES_PATH,
    handler: async (req, res) => {
      if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== TEAMS_MESSAGES_PATH) {
        res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain; charset=utf-8' }).end('POST only\n');
        return;
      }
      const body = await readJson(req);
      if (body === 'too-large') {
        res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' }).end('activity too large\n');
        return;
      }
      if (body === undefined) {
        res
          .writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
          .end('body must be a JSON activity\n');
        return;
      }
      const request: Request = { method: 'POST', headers: req.headers, body };
      await adapter.process(request, responseFor(res, logger), logic);
    },
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | 'too-large' | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The small slice of an Express-style response the CloudAdapter writes to. */
function responseFor(res: ServerResponse, logger: Logger): Response {
  let status = 200;
  const response: Response = {
    socket: res.socket,
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return response;
    },
    status(code: number) {
      status = code;
      return response;
    },
    send(body?: unknown) {
      if (res.headersSent) return response;
      if (status === 401) logger.warn('Teams request refused: no valid Bot Framework token');
      if (body === undefined) {
        res.writeHead(status);
      } else if (typeof body === 'string' || Buffer.isBuffer(body)) {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
        res.write(body);
      } else {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.write(JSON.stringify(body));
      }
      return response;
    },
    end() {
      if (!res.headersSent) res.writeHead(status);
      res.end();
      return response;
    },
  };
  return response;
}
