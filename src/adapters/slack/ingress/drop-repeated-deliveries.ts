import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from 'pino';
import type { DeliveryClaims } from '../../../core/ports/delivery-claims.ts';
import { deliveryKey } from './delivery-key.ts';

/**
 * Global Bolt middleware that acknowledges and drops a delivery some replica has
 * already claimed (a retried event or command, an envelope Slack redelivered on
 * another connection), so a repeated slash command files nothing twice across
 * replicas. The claim is taken before any listener runs, and given up when the ack
 * could not be sent (the socket dropped), so Slack's redelivery is handled. When the claim store
 * cannot be reached the delivery is handled (a lost command is worse than a rare
 * duplicate; decisions are also protected by the core's compare-and-set).
 */
export function dropRepeatedDeliveries(
  claims: DeliveryClaims,
  logger: Logger,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { envelopeId, retryNum } = args.context as { envelopeId?: string; retryNum?: number };
    const key = deliveryKey({ body: args.body, envelopeId });
    if (key === undefined) {
      await args.next();
      return;
    }
    let first = true;
    try {
      first = await claims.claim(key);
    } catch (error) {
      logger.warn({ err: error, delivery: key }, 'Slack delivery claim failed; handling the delivery anyway');
    }
    if (!first) {
      logger.info({ delivery: key, envelopeId, retryNum }, 'repeated Slack delivery dropped');
      if ('ack' in args && typeof args.ack === 'function') await args.ack();
      return;
    }
    try {
      await args.next();
    } catch (error) {
      if (ackNotDelivered(error)) {
        logger.warn(
          { delivery: key },
          'Slack delivery not acknowledged (link down); leaving it to the redelivery',
        );
        await claims.release(key).catch(() => undefined);
      }
      throw error;
    }
  };
}

/** The ack could not be sent over the socket: Slack will deliver the envelope again. */
function ackNotDelivered(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    (code.startsWith('slack_socket_mode_send_') || code === 'slack_socket_mode_websocket_error')
  );
}
