import type { Logger } from 'pino';
import type { DeliveryClaims } from '../../../core/ports/delivery-claims.ts';

/** What the log line of a dropped repeat names besides its key. */
export interface DeliveryNote {
  readonly envelopeId?: string | undefined;
  readonly retryNum?: number | undefined;
}

/**
 * Claims delivery `key` for this replica: true when it is to be handled here (first
 * claim, or the claim store unreachable), false (logged) when some replica has it.
 */
export async function claimDelivery(
  claims: DeliveryClaims,
  key: string,
  logger: Logger,
  note: DeliveryNote = {},
): Promise<boolean> {
  let first = true;
  try {
    first = await claims.claim(key);
  } catch (error) {
    logger.warn({ err: error, delivery: key }, 'Slack delivery claim failed; handling the delivery anyway');
  }
  if (!first) logger.info({ delivery: key, ...note }, 'repeated Slack delivery dropped');
  return first;
}
