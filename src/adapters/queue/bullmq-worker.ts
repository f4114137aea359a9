import { setTimeout as sleep } from 'node:timers/promises';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RedisConfig } from '../../config/config.ts';
import type { JobName } from '../../core/ports/job-queue.ts';
import type { Processors } from '../../jobs/processors.ts';
import type { Logger } from '../log/logger.ts';
import { createRedis } from '../store/create-redis.ts';
import { ActionsFirst } from './actions-first.ts';
import { JOB_LANES, laneQueueName, notifyConcurrency, type JobLane } from './job-lanes.ts';
import { processJob } from './process-job.ts';
import type { QueueSettings } from './queue-settings.ts';
import { retryBackoff } from './retry-backoff.ts';

/** How a worker runs, besides the queue it shares with producers. */
export interface WorkerSettings extends QueueSettings {
  /**
   * Actions, grants and other `main`-lane jobs run at once in this process
   * (`WORKER_CONCURRENCY`); notifications get a quarter of that, apart (`notifyConcurrency`).
   */
  readonly concurrency: number;
  /** Revocations run at once in this process, apart from `concurrency` (`REVOCATION_CONCURRENCY`); default `concurrency`. */
  readonly revocationConcurrency?: number;
  /**
   * How long a job's lock lasts unless renewed (every half of it). A worker killed
   * mid-job stops renewing; within about this long plus `stalledIntervalMs` another
   * worker takes the job over. Default 5 s.
   */
  readonly lockDurationMs?: number;
  /** How often workers look for jobs whose lock lapsed. Default 2.5 s. */
  readonly stalledIntervalMs?: number;
  /** Runs a job may die with its worker before it is abandoned (see `JobContext.abandon`). Default 3. */
  readonly maxCrashes?: number;
  /** On `close()`, how long in-flight jobs may take to finish before they are handed back (`SHUTDOWN_GRACE`). */
  readonly shutdownGraceMs: number;
  /**
   * Longest a notification waits, from when it was queued, for this process's actions
   * and other main-lane jobs to finish before it runs anyway (see {@link ActionsFirst}).
   * Default 5 s.
   */
  readonly notifyHoldMs?: number;
  /** Called with the job's name each time a run throws (for the failure metric). */
  readonly onJobFailed?: (name: string) => void;
}

const DEFAULT_LOCK_DURATION_MS = 5000;
const DEFAULT_STALLED_INTERVAL_MS = 2500;
const DEFAULT_MAX_CRASHES = 3;
const DEFAULT_NOTIFY_HOLD_MS = 5000;

/**
 * BullMQ workers running every Countersign processor on their own ioredis connection
 * (`maxRetriesPerRequest: null`, as BullMQ requires, so it waits out a Redis restart),
 * one per lane (`job-lanes.ts`) with its own concurrency, so a revocation due now
 * takes a revocation slot even while every other slot is busy. Each runs any job it
 * finds, so a job left in the other lane's queue (an upgrade) still runs. A notification
 * starts once the process's main-lane jobs are done, or after a short hold ({@link ActionsFirst}).
 * Locks are short so a SIGKILLed worker's job is taken over within seconds; the job
 * bodies are idempotent, which is what makes running one twice safe. `close()` stops
 * taking jobs and lets those in flight finish within the grace period; what is still
 * running then is handed back: its lock lapses and another worker picks it up.
 */
export class BullmqWorker {
  private readonly workers: readonly Worker[];
  private readonly connection: Redis;
  private readonly logger: Logger;
  private readonly graceMs: number;
  private closing: Promise<void> | undefined;

  private constructor(workers: readonly Worker[], connection: Redis, logger: Logger, graceMs: number) {
    this.workers = workers;
    this.connection = connection;
    this.logger = logger;
    this.graceMs = graceMs;
  }

  /** Starts a worker on `redis` (a URL or the loaded Redis config) and resolves once it is connected. */
  static async start(
    redis: string | RedisConfig,
    processors: Processors,
    settings: WorkerSettings,
    logger: Logger,
  ): Promise<BullmqWorker> {
    const connection = createRedis(redis, {
      maxRetriesPerRequest: null,
      connectionName: 'countersign-worker',
    });
    const maxCrashes = settings.maxCrashes ?? DEFAULT_MAX_CRASHES;
    const concurrency: Record<JobLane, number> = {
      main: settings.concurrency,
      revocation: settings.revocationConcurrency ?? settings.concurrency,
      notify: notifyConcurrency(settings.concurrency),
    };
    const log = logger.child({ component: 'worker', queue: settings.queueName });
    const run = processJob(processors, maxCrashes);
    const actionsFirst = new ActionsFirst(settings.notifyHoldMs ?? DEFAULT_NOTIFY_HOLD_MS);
    const processor = (job: Job, token?: string) =>
      actionsFirst.run(job.name as JobName, job.timestamp, () => run(job, token));
    const workers = JOB_LANES.map((lane) => {
      const worker = new Worker(laneQueueName(settings.queueName, lane), processor, {
        connection,
        prefix: settings.prefix,
        concurrency: concurrency[lane],
        lockDuration: settings.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS,
        stalledInterval: settings.stalledIntervalMs ?? DEFAULT_STALLED_INTERVAL_MS,
        // One run more than `maxCrashes`: the abandoning run. BullMQ fails a job only after that.
        maxStalledCount: maxCrashes + 1,
        settings: { backoffStrategy: retryBackoff(settings.retry) },
      });
      watch(worker, log.child({ lane }), settings.onJobFailed);
      return worker;
    });
    const started = new BullmqWorker(workers, connection, log, settings.shutdownGraceMs);
    await Promise.all(workers.map((worker) => worker.waitUntilReady()));
    return started;
  }

  /**
   * Graceful shutdown (SIGTERM): takes no new job, waits up to the grace period for
   * jobs in flight, then closes the connection. Jobs still running after the grace
   * period are not finished here; their locks lapse and another worker reruns them.
   * Safe to call twice.
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    const closed = Promise.all(this.workers.map((worker) => worker.close())).then(() => 'closed' as const);
    const timer = sleep(this.graceMs, 'timeout' as const, { ref: false });
    if ((await Promise.race([closed, timer])) === 'timeout') {
      this.logger.warn(
        { graceMs: this.graceMs },
        'jobs still running after the grace period; handing them back',
      );
      for (const worker of this.workers) worker.cancelAllJobs('shutting down');
      await Promise.all(this.workers.map((worker) => worker.disconnect().catch(() => undefined)));
      this.connection.disconnect();
      return;
    }
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}

/** Logs a worker's connection errors, failed runs (final or to be retried) and jobs taken over from a dead worker. */
function watch(worker: Worker, log: Logger, onJobFailed: ((name: string) => void) | undefined): void {
  worker.on('error', (error) => log.error({ err: error }, 'queue worker error'));
  worker.on('failed', (job, error) => {
    if (job) onJobFailed?.(job.name);
    const final = job ? job.finishedOn !== undefined : true;
    log[final ? 'error' : 'warn'](
      { jobId: job?.id, job: job?.name, attempt: job?.attemptsMade, err: error },
      final ? 'job failed for good' : 'job failed; will retry',
    );
  });
  worker.on('stalled', (jobId) => log.warn({ jobId }, 'job lost its worker; handed to another'));
}
