import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ChangeFeed, RequestChange } from '../../../core/ports/change-feed.ts';

/** How often an idle stream gets a comment line, so proxies and browsers keep it open. */
const HEARTBEAT_MS = 25_000;

/**
 * The console's live-update streams (Server-Sent Events on `/events`), one per open
 * page: every change heard on the feed goes to all as `event: changed|expiring|resync`
 * with `{requestId, version}` only; pages fetch what they show through the authorized
 * pages. The feed subscription starts with the first stream.
 */
export class LiveStreams {
  private readonly open = new Set<ServerResponse>();
  private subscribed: Promise<() => void> | undefined;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly logger: Logger,
  ) {}

  /** Turns the response into an event stream until the browser goes away or {@link close}. */
  async attach(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await (this.subscribed ??= this.feed.subscribe((change) => this.broadcast(change)));
    } catch (error) {
      this.subscribed = undefined;
      throw error;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    this.open.add(res);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const done = (): void => {
      clearInterval(heartbeat);
      this.open.delete(res);
    };
    req.once('close', done);
    res.once('close', done);
  }

  /** Ends every stream (browsers reconnect to another replica) and stops listening to the feed. */
  async close(): Promise<void> {
    for (const res of this.open) res.end();
    this.open.clear();
    const subscribed = this.subscribed;
    this.subscribed = undefined;
    if (subscribed) (await subscribed.catch(() => () => undefined))();
  }

  private broadcast(change: RequestChange): void {
    const frame = `event: ${change.kind}\ndata: ${JSON.stringify(change)}\n\n`;
    for (const res of this.open) {
      try {
        res.write(frame);
      } catch (error) {
        this.logger.debug({ err: error }, 'live stream write failed');
        this.open.delete(res);
      }
    }
  }
}
