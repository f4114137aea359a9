import type { JobName, JobPayloads } from '../core/ports/job-queue.ts';
import type { Notifier } from '../core/ports/notifier.ts';
import type { WorkflowDeps } from '../core/workflow/workflow-deps.ts';

/**
 * What a processor knows about the run it is in, whatever queue runs it. Attempts
 * count failed runs; crashes count runs that died with their worker (SIGKILL, out of
 * memory) and were handed to another worker.
 */
export interface JobContext {
  /** The deterministic job ID (`execute-action.cs-...`), for logs and references shown to people. */
  readonly jobId: string;
  /** 1 on the first run, counting runs that failed before this one. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** True when no retry follows if this run fails: a failure now is the request's last word. */
  readonly finalAttempt: boolean;
  /** Earlier runs of this job that died with their worker before finishing. */
  readonly crashes: number;
  /**
   * True when the job crashed its workers so often that it must not run again. A
   * processor whose request would otherwise stay stuck records the failure instead.
   */
  readonly abandon: boolean;
}

/** What a processor did, kept by the queue as the job's result. */
export interface JobOutcome {
  /** `done`, `skipped` (nothing left to do), `early`, `abandoned`, ... */
  readonly outcome: string;
  /**
   * Run this job again at this time (ms since the epoch) instead of finishing it: a
   * timer fired before the time the record now holds (the grant was extended).
   */
  readonly runAgainAt?: number;
  /** Counts or facts worth keeping with the job, JSON only. */
  readonly details?: Readonly<Record<string, number | string | boolean>>;
}

/** A job body: the payload bound to its name in `JobPayloads`, no queue library type in sight. */
export type JobProcessor<N extends JobName> = (
  payload: JobPayloads[N],
  context: JobContext,
) => Promise<JobOutcome>;

/** What the processors reach the world through: the workflow's ports and the chat surfaces. */
export interface JobDeps {
  readonly workflow: WorkflowDeps;
  readonly notifier: Notifier;
}
