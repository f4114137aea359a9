import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

/** Handles one request; resolves once it has answered. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** A path prefix and its handler; the longest matching prefix wins. */
export interface Route {
  readonly prefix: string;
  readonly handler: RouteHandler;
}

/** The HTTP server of a Countersign process and how to stop it. */
export interface RunningHttpServer {
  readonly server: Server;
  /** `http://host:port` as actually bound (port 0 picks a free one). */
  readonly url: string;
  /** Stops accepting connections and waits for open ones to finish, at most `graceMs`. */
  close(graceMs: number): Promise<void>;
}

/**
 * Starts the process's one HTTP server and routes by path prefix (`/healthz`,
 * `/metrics`, `/slack/events`, the console, ...). Unknown paths get 404; a handler
 * that throws gets a 500 with no detail (the error is logged), never a stack trace.
 */
export async function startHttpServer(
  host: string,
  port: number,
  routes: readonly Route[],
  logger: Logger,
): Promise<RunningHttpServer> {
  const ordered = [...routes].sort((a, b) => b.prefix.length - a.prefix.length);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = ordered.find(
      (r) =>
        path === r.prefix ||
        path.startsWith(r.prefix.endsWith('/') ? r.prefix : `${r.prefix}/`) ||
        r.prefix === '/',
    );
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    Promise.resolve(route.handler(req, res)).catch((error: unknown) => {
      logger.error({ err: error, path }, 'http handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    close: (graceMs) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, graceMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
