import type { Redis } from 'ioredis';
import type { DeliveryClaims } from '../../core/ports/delivery-claims.ts';
import { storeKeys, type StoreKeys } from './keys.ts';

/** Slack's replay window: a signed request older than this is refused anyway, and retries come well within it. */
export const DELIVERY_CLAIM_TTL_MS = 5 * 60_000;

/**
 * Slack delivery claims in Redis (`SET NX PX`), shared by every replica: a Slack retry
 * (`X-Slack-Retry-Num`) or a Socket Mode envelope redelivered on another replica's
 * connection finds the first delivery's claim and is dropped. Claims expire after
 * {@link DELIVERY_CLAIM_TTL_MS}.
 */
export class RedisDeliveryClaims implements DeliveryClaims {
  private readonly keys: StoreKeys;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    private readonly ttlMs: number = DELIVERY_CLAIM_TTL_MS,
  ) {
    this.keys = storeKeys(keyPrefix);
  }

  async claim(key: string): Promise<boolean> {
    const set = await this.redis.set(this.keys.slackDelivery(key), '1', 'PX', this.ttlMs, 'NX');
    return set === 'OK';
  }

  async release(key: string): Promise<void> {
    await this.redis.del(this.keys.slackDelivery(key));
  }
}
