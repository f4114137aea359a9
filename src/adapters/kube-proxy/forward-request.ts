import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { responseHeaders } from './forward-headers.ts';
import { sendStatus } from './kube-status.ts';
import type { Upstream } from './upstream.ts';

/** What a forwarded request came back with (once the response headers arrived). */
export interface Forwarded {
  readonly status: number;
}

/**
 * Sends one request to the API server and streams the answer back as it arrives
 * (watches and `logs -f` flow chunk by chunk; nothing is buffered). `body` is the
 * request body already read, or undefined to stream the client's body through. A
 * client that goes away aborts the upstream request. `extraHeaders` are added to the
 * response (the approval `Warning`). Rejects when the API server cannot be reached
 * (then the client got a 503 Status).
 */
export async function forwardRequest(
  upstream: Upstream,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  headers: OutgoingHttpHeaders,
  body: Buffer | undefined,
  extraHeaders: OutgoingHttpHeaders = {},
): Promise<Forwarded> {
  const sent = await upstream.open(req.method ?? 'GET', path, {
    ...headers,
    ...(body !== undefined ? { 'content-length': body.length } : {}),
  });
  return new Promise((resolve, reject) => {
    const abort = (): void => {
      if (!res.writableFinished) sent.destroy();
    };
    res.once('close', abort);
    sent.once('error', (error) => {
      res.off('close', abort);
      if (!res.headersSent) {
        sendStatus(
          res,
          'ServiceUnavailable',
          `countersign proxy: the API server of cluster ${upstream.name} did not answer (${error.message})`,
        );
      } else res.destroy();
      reject(error);
    });
    sent.once('response', (answer) => {
      const status = answer.statusCode ?? 502;
      res.writeHead(status, answer.statusMessage ?? '', {
        ...responseHeaders(answer.headers),
        ...extraHeaders,
      });
      answer.pipe(res);
      answer.once('error', () => res.destroy());
      // The head goes out with the first chunk when one is already here (one TLS write
      // for a small answer); a watch with nothing to say yet still gets its head at once.
      // (After writeHead, `headersSent` is already true though nothing is on the wire, so
      // it cannot tell; flushing a head that went out with a chunk writes nothing more.)
      setImmediate(() => {
        if (!res.destroyed && !res.writableEnded) res.flushHeaders();
      });
      resolve({ status });
    });
    if (body !== undefined) sent.end(body);
    else if (hasNoBody(req)) sent.end();
    else req.pipe(sent);
  });
}

/** True when the client's request carries no body (no Content-Length above 0, no Transfer-Encoding). */
function hasNoBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] === undefined && (length === undefined || Number(length) === 0);
}

/**
 * Forwards an upgrade (exec, attach, port-forward over SPDY or WebSocket): sends the
 * request upstream, and once the API server switches protocols, writes its 101 to
 * the client and pipes the two sockets both ways until either closes. A refusal
 * (no upgrade) is relayed as a plain HTTP response.
 */
export async function forwardUpgrade(
  upstream: Upstream,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  path: string,
  headers: OutgoingHttpHeaders,
  extraHeaders: OutgoingHttpHeaders = {},
): Promise<Forwarded> {
  const sent = await upstream.open(req.method ?? 'GET', path, headers);
  return new Promise((resolve, reject) => {
    const onClientClose = (): void => {
      sent.destroy();
    };
    socket.once('close', onClientClose);
    sent.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
    sent.once('upgrade', (answer, upstreamSocket, upstreamHead) => {
      socket.off('close', onClientClose);
      socket.write(
        headBlock(answer.statusCode ?? 101, answer.statusMessage ?? 'Switching Protocols', {
          ...answer.headers,
          ...extraHeaders,
        }),
      );
      if (upstreamHead.length > 0) socket.write(upstreamHead);
      if (head.length > 0) upstreamSocket.write(head);
      upstreamSocket.pipe(socket);
      socket.pipe(upstreamSocket);
      const end = (): void => {
        upstreamSocket.destroy();
        socket.destroy();
      };
      upstreamSocket.once('close', end);
      socket.once('close', end);
      upstreamSocket.on('error', end);
      socket.on('error', end);
      resolve({ status: answer.statusCode ?? 101 });
    });
    sent.once('response', (answer) => {
      socket.off('close', onClientClose);
      socket.write(
        headBlock(answer.statusCode ?? 502, answer.statusMessage ?? '', {
          ...responseHeaders(answer.headers),
          ...extraHeaders,
          connection: 'close',
        }),
      );
      answer.pipe(socket);
      resolve({ status: answer.statusCode ?? 502 });
    });
    sent.end();
  });
}

/** An HTTP/1.1 status line and headers, as written raw onto an upgraded socket. */
export function headBlock(status: number, message: string, headers: OutgoingHttpHeaders): string {
  const lines = [`HTTP/1.1 ${status} ${message}`];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${String(one)}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}
