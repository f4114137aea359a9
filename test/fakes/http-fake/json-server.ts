import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** A request a fake saw: method, path, query and headers as received. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
}

/** What a fake's handler answers. */
export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a handler answers to leave the request unanswered (the connection stays open until `stop`): an API that hangs. */
export const HANG = Symbol('hang');

/** A fake HTTP API on a free loopback port, answering JSON. */
export interface JsonServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts `handle` on a free port of 127.0.0.1 (port 0: never a fixed port); {@link HANG} never answers. */
export async function startJsonServer(
  handle: (request: SeenRequest) => JsonAnswer | typeof HANG,
): Promise<JsonServer> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const parsed = new URL(req.url ?? '/', 'http://fake');
    const answer = handle({
      method: req.method ?? 'GET',
      path: parsed.pathname,
      query: parsed.searchParams,
      headers: req.headers,
    });
    if (answer === HANG) return;
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('fake server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Counts requests in a sliding window; `take` answers the seconds until the window frees a slot when over the limit. */
export class WindowLimit {
  private readonly seen: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts a request at `now`; undefined when allowed, else the seconds until the oldest counted one leaves the window. */
  take(now: number): number | undefined {
    while (this.seen.length > 0 && now - this.seen[0]! >= this.windowMs) this.seen.shift();
    if (this.seen.length >= this.limit && this.seen.length === 0) return Math.ceil(this.windowMs / 1000);
    if (this.seen.length >= this.limit)
      return Math.max(1, Math.ceil((this.seen[0]! + this.windowMs - now) / 1000));
    this.seen.push(now);
    return undefined;
  }

  /** Requests still allowed in the window at `now`. */
  remaining(now: number): number {
    return Math.max(0, this.limit - this.seen.filter((t) => now - t < this.windowMs).length);
  }
}
