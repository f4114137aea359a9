import type { Logger } from 'pino';

/** What the keeper needs of the queue: the idempotent upsert of the sweep's schedule. */
export interface SweepScheduling {
  scheduleSweep(intervalMs: number): Promise<void>;
}

/** A running keeper of the sweep schedule. */
export interface SweepKeeper {
  stop(): void;
}

/**
 * Asserts the repeatable `sweep-grants` schedule now and again every `intervalMs`, so
 * a Redis that lost its data (FLUSHALL, failover to an empty replica) gets the
 * schedule back within one interval from any running worker, without a restart. The
 * upsert keeps an existing schedule's next run time, so any number of workers doing
 * this never postpones the sweep. A failed re-assertion is logged and tried again at
 * the next tick; only the first one, at start, throws.
 */
export async function keepSweepScheduled(
  queue: SweepScheduling,
  intervalMs: number,
  logger: Logger,
): Promise<SweepKeeper> {
  await queue.scheduleSweep(intervalMs);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    queue
      .scheduleSweep(intervalMs)
      .catch((error: unknown) => logger.warn({ err: error }, 'could not re-assert the sweep schedule'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
