import type { Redis } from 'ioredis';
import type { ChangeFeed, RequestChange } from '../../core/ports/change-feed.ts';

/** Where {@link RedisChangeFeed} publishes, under the install's key prefix. */
export interface RedisChangeFeedOptions {
  readonly keyPrefix: string;
}

/**
 * Tells every replica that a request changed, over Redis pub/sub on `<prefix>:changes`:
 * the worker's `ChangeAnnouncer` (and the console, for its own changes) publishes; each
 * replica's live console streams and held kubectl calls listen. Messages carry only an
 * ID and a version; readers fetch the record from the store. Pub/sub is
 * fire-and-forget: a message published while a subscriber is reconnecting is lost, so
 * after every reconnect subscribers get a `resync`. The subscriber connection is opened
 * on the first `subscribe`.
 */
export class RedisChangeFeed implements ChangeFeed {
  readonly channel: string;
  private readonly redis: Redis;
  private readonly listeners = new Set<(change: RequestChange) => void>();
  private subscriber: Promise<Redis> | undefined;

  constructor(redis: Redis, options: RedisChangeFeedOptions) {
    this.redis = redis;
    this.channel = `${options.keyPrefix}:changes`;
  }

  async publish(change: RequestChange): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(change));
  }

  /** Calls `listener` for every change from now on; resolves once subscribed, with the way to stop. */
  async subscribe(listener: (change: RequestChange) => void): Promise<() => void> {
    this.listeners.add(listener);
    try {
      await (this.subscriber ??= this.connect());
    } catch (error) {
      this.listeners.delete(listener);
      this.subscriber = undefined;
      throw error;
    }
    return () => this.listeners.delete(listener);
  }

  /** Closes the subscriber connection (the publishing connection belongs to the caller). */
  async close(): Promise<void> {
    const pending = this.subscriber;
    this.subscriber = undefined;
    this.listeners.clear();
    if (!pending) return;
    const subscriber = await pending.catch(() => undefined);
    await subscriber?.quit().catch(() => subscriber.disconnect());
  }

  private async connect(): Promise<Redis> {
    const subscriber = this.redis.duplicate({
      connectionName: 'countersign-changes',
      maxRetriesPerRequest: null,
    });
    subscriber.on('error', () => undefined);
    let ready = 0;
    subscriber.on('ready', () => {
      ready += 1;
      if (ready > 1) this.emit({ kind: 'resync' });
    });
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const change = parseChange(message);
      if (change) this.emit(change);
    });
    await subscriber.subscribe(this.channel);
    return subscriber;
  }

  private emit(change: RequestChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

function parseChange(message: string): RequestChange | undefined {
  try {
    const value = JSON.parse(message) as Partial<Record<string, unknown>>;
    if (value.kind === 'resync') return { kind: 'resync' };
    if (
      (value.kind === 'changed' || value.kind === 'expiring') &&
      typeof value.requestId === 'string' &&
      typeof value.version === 'number'
    ) {
      return { kind: value.kind, requestId: value.requestId, version: value.version };
    }
  } catch {
    // Not ours, or not JSON: ignore it.
  }
  return undefined;
}
