import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  jobId,
  type EnqueueOptions,
  type JobName,
  type JobPayloads,
  type JobQueue,
} from '../../core/ports/job-queue.ts';
import type { Logger } from '../log/logger.ts';
import { BEHIND_RUN_MS } from './actions-first.ts';
import { JOB_LANES, laneOf, laneQueueName, type JobLane } from './job-lanes.ts';
import { jobOptions } from './job-options.ts';
import type { QueueSettings } from './queue-settings.ts';

/** How many jobs are in each state, for metrics (queue depth, failures). */
export interface QueueCounts {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly prioritized: number;
  readonly completed: number;
  readonly failed: number;
}

/** While a job being moved is running, how long `reschedule` waits for it to finish before leaving it be. */
const BUSY_WAIT_MS = 3000;
const BUSY_POLL_MS = 100;

/** The ID of the sweep's job scheduler: one fixed key, so any number of workers share one schedule. */
export const SWEEP_SCHEDULER_ID = 'sweep-grants';

/**
 * The {@link JobQueue} on one BullMQ queue per lane (see `job-lanes.ts`: revocations
 * and notifications apart from everything else), each job routed by its name. A job's name is its `JobName` and its
 * BullMQ job ID is `jobId(name, payload)`, so adding the same job twice keeps the
 * first while it exists (see `job-options.ts` for how long finished jobs stay).
 * Delays are `runAt − now` on this machine's clock, clamped at zero. The caller owns
 * the connection; `close()` closes only the queue. Connection errors (Redis away) are
 * logged as warnings when a logger is given; the calls made meanwhile wait or fail on
 * their own.
 */
export class BullmqJobQueue implements JobQueue {
  private readonly queues: Readonly<Record<JobLane, Queue>>;
  private readonly connection: Redis;
  private readonly settings: QueueSettings;

  constructor(connection: Redis, settings: QueueSettings, logger?: Logger) {
    this.connection = connection;
    this.settings = settings;
    const open = (lane: JobLane): Queue => {
      const name = laneQueueName(settings.queueName, lane);
      const queue = new Queue(name, { connection, prefix: settings.prefix });
      const log = logger?.child({ component: 'queue', queue: name });
      queue.on('error', (error) => log?.warn({ err: error }, 'job queue connection error'));
      return queue;
    };
    this.queues = { main: open('main'), revocation: open('revocation'), notify: open('notify') };
  }

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<void> {
    await this.add(name, payload, options.runAt, options.behindRun === true);
  }

  /**
   * Moves a job to `runAt`: a delayed job gets its delay changed in place; a missing,
   * waiting or finished one is removed and added again. A job that is running right
   * now cannot be moved; after waiting a moment for it to finish, it is left alone,
   * because the timer bodies re-read the record and ask to run again at the time it
   * holds (see `src/jobs/revoke-grant.ts`), and the sweep backs them up.
   */
  async reschedule<N extends JobName>(name: N, payload: JobPayloads[N], runAt: number): Promise<void> {
    const id = jobId(name, payload);
    const queue = this.queueOf(name);
    const giveUpAt = Date.now() + BUSY_WAIT_MS;
    for (;;) {
      const job = await queue.getJob(id);
      if (job && (await job.isDelayed())) {
        const moved = await job.changeDelay(delayUntil(runAt)).then(
          () => true,
          () => false,
        );
        if (moved) return;
      }
      if ((await queue.remove(id)) === 1) {
        await this.add(name, payload, runAt);
        return;
      }
      if (Date.now() >= giveUpAt) return;
      await sleep(BUSY_POLL_MS);
    }
  }

  /** Removes a job that has not started; a missing job, or one running now (it may be the caller itself), is left as is. */
  async remove<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<void> {
    await this.queueOf(name).remove(jobId(name, payload));
  }

  /**
   * Creates or updates the repeatable `sweep-grants` job, every `intervalMs`, under
   * one fixed scheduler ID: every worker may call this at start and there is still
   * one schedule, with the latest interval.
   */
  async scheduleSweep(intervalMs: number): Promise<void> {
    const name: JobName = 'sweep-grants';
    await this.queueOf(name).upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: intervalMs },
      { name, data: {}, opts: { ...jobOptions(name, this.settings.retry), attempts: 1 } },
    );
  }

  /** Jobs per state over every lane, for the queue-depth and failure metrics. */
  async counts(): Promise<QueueCounts> {
    const perLane = await Promise.all(
      JOB_LANES.map((lane) =>
        this.queues[lane].getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'),
      ),
    );
    const read = (state: keyof QueueCounts): number =>
      perLane.reduce((sum, counts) => sum + (counts[state] ?? 0), 0);
    return {
      waiting: read('waiting'),
      active: read('active'),
      delayed: read('delayed'),
      prioritized: read('prioritized'),
      completed: read('completed'),
      failed: read('failed'),
    };
  }

  /**
   * Where the job of this name and payload stands: `delayed`, `waiting`, `active`,
   * `completed`, `failed`, ..., or undefined when no such job exists. For tests and
   * diagnostics; the workflow never needs it.
   */
  async state<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<string | undefined> {
    const job = await this.queueOf(name).getJob(jobId(name, payload));
    if (!job) return undefined;
    const state = await job.getState();
    return state === 'unknown' ? undefined : state;
  }

  /** When the delayed job of this name and payload is due, ms since the epoch; undefined if it is not delayed. */
  async dueAt<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<number | undefined> {
    const score = await this.connection.zscore(this.queueOf(name).toKey('delayed'), jobId(name, payload));
    // BullMQ scores a delayed job `dueAt · 0x1000 + n`, n ordering jobs due in the same millisecond.
    return score === null ? undefined : Math.floor(Number(score) / 0x1000);
  }

  /**
   * Makes the delayed job of this name and payload due now (false when there is no
   * such delayed job): for tests that move an injected clock past a timer, and for an
   * operator who wants a timer to fire at once. The job's body still decides by the
   * record and the clock whether anything is due.
   */
  async promote<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<boolean> {
    const job = await this.queueOf(name).getJob(jobId(name, payload));
    if (!job || !(await job.isDelayed())) return false;
    await job.promote();
    return true;
  }

  /** Closes the queues (not the connection they were given). */
  async close(): Promise<void> {
    await Promise.all(JOB_LANES.map((lane) => this.queues[lane].close()));
  }

  private queueOf(name: JobName): Queue {
    return this.queues[laneOf(name)];
  }

  /** Adds the job; one queued `behindRun` (see `EnqueueOptions`) waits at least {@link BEHIND_RUN_MS}. */
  private async add(
    name: JobName,
    payload: object,
    runAt: number | undefined,
    behindRun = false,
  ): Promise<void> {
    const due = runAt === undefined ? 0 : delayUntil(runAt);
    const delay = behindRun ? Math.max(due, BEHIND_RUN_MS) : due;
    await this.queueOf(name).add(name, payload, {
      ...jobOptions(name, this.settings.retry),
      jobId: jobId(name, payload as JobPayloads[typeof name]),
      ...(delay > 0 ? { delay } : {}),
    });
  }
}

function delayUntil(runAt: number): number {
  return Math.max(0, Math.round(runAt - Date.now()));
}
