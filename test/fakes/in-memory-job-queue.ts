import {
  jobId,
  type EnqueueOptions,
  type JobName,
  type JobPayloads,
  type JobQueue,
} from '../../src/core/ports/job-queue.ts';

/** A job as the in-memory queue holds it. */
export interface QueuedJob {
  readonly id: string;
  readonly name: JobName;
  readonly payload: unknown;
  readonly runAt: number;
}

/** A {@link JobQueue} in a Map keyed by job ID (so duplicates are no-ops, as in BullMQ), for core tests. */
export class InMemoryJobQueue implements JobQueue {
  readonly jobs = new Map<string, QueuedJob>();

  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<void> {
    const id = jobId(name, payload);
    if (!this.jobs.has(id)) this.jobs.set(id, { id, name, payload, runAt: options.runAt ?? 0 });
    return Promise.resolve();
  }

  reschedule<N extends JobName>(name: N, payload: JobPayloads[N], runAt: number): Promise<void> {
    const id = jobId(name, payload);
    this.jobs.set(id, { id, name, payload, runAt });
    return Promise.resolve();
  }

  remove<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<void> {
    this.jobs.delete(jobId(name, payload));
    return Promise.resolve();
  }

  /** The job with this name for this request, if queued. */
  find(name: JobName, requestId: string): QueuedJob | undefined {
    return this.jobs.get(jobId(name, { requestId }));
  }
}
