/** Who handles a delivery from a chat platform: the first replica to claim its key. */
export interface DeliveryClaims {
  /** True when this caller is the first to claim `key` within the TTL; false when another claim holds. */
  claim(key: string): Promise<boolean>;
  /** Gives a claim up, so the delivery's next redelivery is handled (its ack never reached the platform). */
  release(key: string): Promise<void>;
}
