import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from 'pino';
import type { DeliveryClaims } from '../../../core/ports/delivery-claims.ts';
import { claimDelivery } from './claim-delivery.ts';
import { deliveryKey } from './delivery-key.ts';

/**
 * Global Bolt middleware that acks and drops a delivery some replica already claimed;
 * a claim whose ack could not be sent is given up for Slack's redelivery, and an
 * unreachable claim store lets the delivery through (the core's compare-and-set still
 * guards). A slash command passes unclaimed: its listener acks first, then claims it.
 */
export function dropRepeatedDeliveries(
  claims: DeliveryClaims,
  logger: Logger,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { envelopeId, retryNum } = args.context as { envelopeId?: string; retryNum?: number };
    const key = deliveryKey({ body: args.body, envelopeId });
    if (key === undefined || isSlashCommand(args.body)) {
      await args.next();
      return;
    }
    if (!(await claimDelivery(claims, key, logger, { envelopeId, retryNum }))) {
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

/** A slash command's body: its listener claims it after its ack. */
function isSlashCommand(body: unknown): boolean {
  return typeof (body as { command?: unknown } | null)?.command === 'string';
}

/** The ack could not be sent over the socket: Slack will deliver the envelope again. */
function ackNotDelivered(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    (code.startsWith('slack_socket_mode_send_') || code === 'slack_socket_mode_websocket_error')
  );
}
