import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** A request as a fake sees it: method, path, query, headers and the parsed body. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly raw: string;
  /** JSON or form body, parsed; undefined when empty or unreadable. */
  readonly body: unknown;
}

/** What a fake's handler answers. */
export interface FakeResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Leave the request unanswered (a service that accepted the connection and went
   * quiet); `onClientClose` runs when the caller gives up and closes it.
   */
  readonly hang?: { readonly onClientClose: () => void };
}

/** A fake service listening on a loopback port. */
export interface RunningFake {
  readonly url: string;
  readonly server: Server;
  stop(): Promise<void>;
}

/**
 * Starts a fake HTTP (or, given a key and certificate, HTTPS) service on a free
 * loopback port that answers every request with `handle`'s JSON. A handler that
 * throws answers 500 with the message, so a test sees what the fake objected to.
 */
export async function startFake(
  handle: (request: FakeRequest) => FakeResponse | Promise<FakeResponse>,
  tls?: { key: string; cert: string },
): Promise<RunningFake> {
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://fake');
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        raw,
        body: parseBody(raw, req.headers['content-type']),
      };
      Promise.resolve()
        .then(() => handle(request))
        .then(
          (answer) => {
            if (answer.hang) {
              const { onClientClose } = answer.hang;
              res.once('close', onClientClose);
              return;
            }
            send(res, answer.status, answer.body, answer.headers);
          },
          (error: unknown) => send(res, 500, { error: { code: 'FakeFailure', message: String(error) } }),
        );
    });
  };
  const server = tls ? createHttpsServer(tls, listener) : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  if ((contentType ?? '').includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
    .end(JSON.stringify(body));
}
