import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Serialises the Teams notifications of one request across workers. */
export interface RequestLock {
  run<T>(requestId: string, work: () => Promise<T>): Promise<T>;
}

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const POLL_MS = 50;

/**
 * A short Redis lock per request (`<prefix>:teams:lock:<requestId>`, SET NX with a
 * time-to-live), so two `notify` jobs of one request — consecutive versions run by
 * different workers — do not post the same card or line at the same moment and make
 * Teams show a duplicate until the message ledger deletes it. A job waits for the
 * lock up to `waitMs` and then goes ahead anyway (the ledger still keeps every message
 * single); a crashed holder's lock expires after `ttlMs`.
 */
export class RedisRequestLock implements RequestLock {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly logger: Logger,
    private readonly options: { readonly ttlMs?: number; readonly waitMs?: number } = {},
  ) {}

  async run<T>(requestId: string, work: () => Promise<T>): Promise<T> {
    const key = `${this.keyPrefix}:teams:lock:${requestId}`;
    const token = randomBytes(8).toString('hex');
    const ttl = this.options.ttlMs ?? 30_000;
    const deadline = performance.now() + (this.options.waitMs ?? 15_000);
    const acquire = async (): Promise<boolean> =>
      (await this.redis.set(key, token, 'PX', ttl, 'NX')) === 'OK';
    let held = await acquire();
    while (!held && performance.now() < deadline) {
      await sleep(POLL_MS);
      held = await acquire();
    }
    if (!held) this.logger.warn({ requestId }, 'Teams notification lock still held; going ahead');
    try {
      return await work();
    } finally {
      if (held) await this.redis.eval(RELEASE, 1, key, token);
    }
  }
}
