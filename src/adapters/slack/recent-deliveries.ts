import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from 'pino';

/** Slack's replay window: a signed request older than this is refused anyway. */
const WINDOW_MS = 5 * 60_000;
const LIMIT = 20_000;

/** The identity of one delivery: a command's or click's `trigger_id`, an event's `event_id`. */
function deliveryKey(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const {
    trigger_id: trigger,
    event_id: event,
    view,
  } = body as {
    trigger_id?: unknown;
    event_id?: unknown;
    view?: { id?: unknown; hash?: unknown };
  };
  if (typeof trigger === 'string' && trigger !== '') return `t:${trigger}`;
  if (typeof event === 'string' && event !== '') return `e:${event}`;
  if (typeof view?.id === 'string' && typeof view.hash === 'string') return `v:${view.id}:${view.hash}`;
  return undefined;
}

/**
 * Global middleware that acknowledges and drops a delivery this process has already
 * handled in the last five minutes (a retried event, a replayed command or click),
 * so a repeated slash command files nothing twice. Decisions are also protected by
 * the core's compare-and-set; this covers what the core cannot tell apart, and only
 * within one replica.
 */
export function dropRepeatedDeliveries(
  logger: Logger,
  now: () => number = () => performance.now(),
): Middleware<AnyMiddlewareArgs> {
  const seen = new Map<string, number>();
  return async (args) => {
    const key = deliveryKey(args.body);
    if (key === undefined) {
      await args.next();
      return;
    }
    const at = now();
    if (seen.size >= LIMIT) {
      for (const [k, t] of seen) if (at - t > WINDOW_MS) seen.delete(k);
      if (seen.size >= LIMIT) seen.clear();
    }
    const before = seen.get(key);
    if (before !== undefined && at - before <= WINDOW_MS) {
      logger.info({ delivery: key }, 'repeated Slack delivery dropped');
      if ('ack' in args && typeof args.ack === 'function') await args.ack();
      return;
    }
    seen.set(key, at);
    await args.next();
  };
}
