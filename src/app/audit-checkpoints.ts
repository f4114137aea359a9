import type { Logger } from 'pino';
import type { AuditDestination } from '../adapters/audit-sink/audit-destination.ts';
import { checkpointOf } from '../core/audit/audit-checkpoint.ts';
import type { AuditRecord } from '../core/audit/audit-record.ts';

/** A running writer of audit checkpoints. */
export interface AuditCheckpoints {
  stop(): void;
}

/**
 * Every `intervalMs`, when the audit chain grew, writes its head (length and hash) to
 * the logs as an `audit checkpoint` line. Logs leave the machine, so the checkpoint
 * is out of the stream's reach: a tail cut from the stream, or a failover to a replica
 * that lost the last writes, fails `countersign audit check --expect-count N
 * --expect-head H` with the values of the last checkpoint. Once logged, a checkpoint is
 * passed to `logged` (which notes it in Redis, so the audit sink never trims the stream
 * past it) and delivered to each of the audit sink's `destinations` (AUDIT_SINK_*), so
 * the head is also kept where the records go; a destination that fails is told the
 * newest head at the next tick. A failed read is logged and tried again at the next tick.
 */
export function writeAuditCheckpoints(
  head: () => Promise<AuditRecord | undefined>,
  intervalMs: number,
  logger: Logger,
  logged: (record: AuditRecord) => Promise<void> = () => Promise.resolve(),
  destinations: readonly AuditDestination[] = [],
): AuditCheckpoints {
  let lastSeq = 0;
  const delivered = new Map<string, number>();
  const deliver = async (record: AuditRecord): Promise<void> => {
    for (const destination of destinations) {
      if (delivered.get(destination.name) === record.seq) continue;
      await destination.deliverCheckpoint(checkpointOf(record)).then(
        () => delivered.set(destination.name, record.seq),
        (error: unknown) =>
          logger.warn(
            { err: error, destination: destination.name, count: record.seq },
            'could not deliver the audit checkpoint to the audit sink; the next tick tries again',
          ),
      );
    }
  };
  let running = false;
  const tick = (): void => {
    if (running) return;
    running = true;
    head()
      .then(async (record) => {
        if (!record) return;
        if (record.seq === lastSeq) {
          await deliver(record);
          return;
        }
        logger.info(
          { auditCheckpoint: { count: record.seq, headHash: record.hash, at: record.event.at } },
          `audit checkpoint: countersign audit check --expect-count ${record.seq} --expect-head ${record.hash}`,
        );
        await logged(record);
        lastSeq = record.seq;
        await deliver(record);
      })
      .catch((error: unknown) =>
        logger.warn({ err: error }, 'could not read the audit head for a checkpoint'),
      )
      .finally(() => {
        running = false;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
