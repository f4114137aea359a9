import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { AuditDestination } from '../adapters/audit-sink/audit-destination.ts';
import type { AuditDeliveryState, DeliveryCursor } from '../adapters/store/redis-audit-delivery.ts';

/** Timings of {@link shipAudit}; the defaults suit production. */
export interface ShipAuditOptions {
  /** Records per delivery; default 100. */
  readonly batchSize?: number;
  /** How often to look for new records when none are waiting; default 1 s. */
  readonly pollMs?: number;
  /** First retry delay after a failed delivery, doubled each time up to `maxBackoffMs`; default 1 s. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** How long a replica's hold on a destination lasts unless renewed; default 30 s. */
  readonly leaseMs?: number;
  /** Called after every failed delivery, e.g. to count it in a metric. */
  readonly onFailure?: (destination: string) => void;
}

/** A running audit sink. */
export interface AuditShipping {
  /** Stops once the delivery under way (bounded by its timeout) is acknowledged or failed; a failed one is retried by the next holder. */
  stop(): Promise<void>;
}

/**
 * The audit sink: delivers every record of the audit chain, in chain order, to each
 * destination, at least once. One replica at a time ships to a destination (a lease in
 * Redis, renewed while it works, taken over by another replica when it lapses); each
 * destination has a cursor in Redis that moves only after the destination acknowledged
 * a batch, so a restart or a takeover resumes after the last acknowledged record and
 * may resend the batch under way (the receiver dedupes by `seq`). A failed delivery is
 * retried, same batch, with doubling backoff until it succeeds: nothing is skipped.
 * After each acknowledged batch the stream is trimmed to start at the lowest of every
 * destination's cursor and the last logged audit checkpoint, so Redis keeps only
 * records some destination still needs, plus the checkpoint record `audit check` is run against.
 */
export function shipAudit(
  state: AuditDeliveryState,
  destinations: readonly AuditDestination[],
  logger: Logger,
  options: ShipAuditOptions = {},
): AuditShipping {
  const batchSize = options.batchSize ?? 100;
  const pollMs = options.pollMs ?? 1_000;
  const backoffMs = options.backoffMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const leaseMs = options.leaseMs ?? 30_000;
  const token = randomUUID();
  const stopper = new AbortController();
  const { signal } = stopper;
  const pause = (ms: number) => sleep(ms, undefined, { signal }).catch(() => undefined);

  const trim = async (): Promise<void> => {
    const cursors: (DeliveryCursor | undefined)[] = [];
    for (const destination of destinations) cursors.push(await state.cursor(destination.name));
    const checkpoint = await state.checkpointSeq();
    if (checkpoint === undefined || cursors.some((c) => c === undefined)) return;
    const keepFrom = Math.min(checkpoint, ...cursors.map((c) => c?.seq ?? 0));
    const removed = await state.trimBefore(keepFrom);
    if (removed > 0) logger.debug({ removed, keepFrom }, 'audit stream trimmed behind the audit sink');
  };

  /** Delivers one batch until acknowledged; false when the lease was lost or the sink stopped. */
  const deliver = async (
    destination: AuditDestination,
    batch: Parameters<AuditDestination['deliver']>[0],
  ) => {
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        await destination.deliver(batch);
        return true;
      } catch (error) {
        if (signal.aborted) return false;
        options.onFailure?.(destination.name);
        const delay = Math.min(maxBackoffMs, backoffMs * 2 ** Math.min(attempt, 30));
        logger.warn(
          { err: error, destination: destination.name, firstSeq: batch[0]?.seq, retryInMs: delay },
          'audit sink delivery failed; retrying the same records',
        );
        await pause(delay);
        if (!(await state.hold(destination.name, token, leaseMs))) return false;
      }
    }
    return false;
  };

  const run = async (destination: AuditDestination): Promise<void> => {
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (!(await state.hold(destination.name, token, leaseMs))) {
          await pause(Math.max(pollMs, leaseMs / 3));
          continue;
        }
        const cursor = await state.cursor(destination.name);
        const batch = await state.readAfter(cursor, batchSize);
        const firstRecord = batch[0];
        if (!firstRecord) {
          await trim();
          await pause(pollMs);
          continue;
        }
        if (cursor && firstRecord.record.seq !== cursor.seq + 1) {
          logger.error(
            { destination: destination.name, after: cursor.seq, next: firstRecord.record.seq },
            'audit sink: the records between its cursor and the stream were trimmed before this destination took them',
          );
        }
        const records = batch.map((entry) => entry.record);
        if (!(await deliver(destination, records))) continue;
        const lastEntry = batch[batch.length - 1];
        if (lastEntry && (await state.advance(destination.name, token, lastEntry))) await trim();
        failures = 0;
      } catch (error) {
        if (signal.aborted) break;
        failures += 1;
        const delay = Math.min(maxBackoffMs, backoffMs * 2 ** Math.min(failures, 30));
        logger.warn(
          { err: error, destination: destination.name, retryInMs: delay },
          'audit sink step failed',
        );
        await pause(delay);
      }
    }
    await state
      .release(destination.name, token)
      .catch((error: unknown) => logger.warn({ err: error }, 'could not release the audit sink lease'));
  };

  const loops = destinations.map((destination) => run(destination));
  return {
    async stop() {
      stopper.abort();
      await Promise.all(loops);
    },
  };
}
