import type { Logger } from 'pino';
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
 * past it). A failed read is logged and tried again at the next tick.
 */
export function writeAuditCheckpoints(
  head: () => Promise<AuditRecord | undefined>,
  intervalMs: number,
  logger: Logger,
  logged: (record: AuditRecord) => Promise<void> = () => Promise.resolve(),
): AuditCheckpoints {
  let lastSeq = 0;
  let running = false;
  const tick = (): void => {
    if (running) return;
    running = true;
    head()
      .then(async (record) => {
        if (!record || record.seq === lastSeq) return;
        logger.info(
          { auditCheckpoint: { count: record.seq, headHash: record.hash, at: record.event.at } },
          `audit checkpoint: countersign audit check --expect-count ${record.seq} --expect-head ${record.hash}`,
        );
        await logged(record);
        lastSeq = record.seq;
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
