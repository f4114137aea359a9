/** How failed runs are retried: exponential backoff from `baseDelayMs`, capped at `maxDelayMs`. */
export interface RetryPolicy {
  /** Runs in all, the first included. */
  readonly attempts: number;
  /** Wait after the first failure; doubled after each further one. */
  readonly baseDelayMs: number;
  /** Longest wait between runs, also the cap on a server's `Retry-After`. */
  readonly maxDelayMs: number;
}

/**
 * What the producer and the workers of one queue must agree on. The queue's Redis keys
 * are `<prefix>:<queueName>:...`, next to the store's `<prefix>:req:...` keys.
 */
export interface QueueSettings {
  /** BullMQ queue name; {@link DEFAULT_QUEUE_NAME} unless several installs share a prefix. */
  readonly queueName: string;
  /** `REDIS_KEY_PREFIX`. */
  readonly prefix: string;
  readonly retry: RetryPolicy;
}

/** The queue every Countersign process uses unless told otherwise. */
export const DEFAULT_QUEUE_NAME = 'countersign';

/** About four minutes of retries (2 s, 4 s, ... 128 s): a control-plane upgrade or a short outage fits. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 2000, maxDelayMs: 5 * 60_000 };
