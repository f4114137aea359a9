import type { Redis } from 'ioredis';
import { storeKeys, type StoreKeys } from '../../store/keys.ts';

/** Slack's replay window: a signed request older than this is refused anyway, and retries come well within it. */
export const DELIVERY_CLAIM_TTL_MS = 5 * 60_000;

/** Who handles a delivery: the first replica to claim its key. */
export interface DeliveryClaims {
  /** True when this caller is the first to claim `key` within the TTL; false when another claim holds. */
  claim(key: string): Promise<boolean>;
  /** Gives a claim up, so the delivery's next redelivery is handled (its ack never reached Slack). */
  release(key: string): Promise<void>;
}

/**
 * Delivery claims in Redis (`SET NX PX`), shared by every replica: a Slack retry
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
