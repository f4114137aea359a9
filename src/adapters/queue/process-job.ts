import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { JobName } from '../../core/ports/job-queue.ts';
import type { JobContext, JobOutcome, JobProcessor } from '../../jobs/job-context.ts';
import { isPermanentFailure } from '../../jobs/job-failure.ts';
import type { Processors } from '../../jobs/processors.ts';

/**
 * Turns the queue-neutral processors into the one function a BullMQ worker runs:
 * builds the {@link JobContext} from the job (attempt, crashes), runs the processor
 * of the job's name, moves the job back to delayed when the processor asks to run
 * again later, and stops retries (`UnrecoverableError`) when the failure is
 * permanent or this was the last attempt the processor was told about. A job whose
 * runs died with their worker `maxCrashes` times is run once more with `abandon`
 * set, so its processor can end the request cleanly.
 */
export function processJob(processors: Processors, maxCrashes: number) {
  return async (job: Job, token?: string): Promise<JobOutcome> => {
    const name = job.name as JobName;
    if (!Object.hasOwn(processors, name)) throw new UnrecoverableError(`no processor for job "${job.name}"`);
    const processor = processors[name] as JobProcessor<JobName>;
    const maxAttempts = job.opts.attempts ?? 1;
    const attempt = job.attemptsMade + 1;
    const crashes = job.stalledCounter;
    const abandon = crashes >= maxCrashes;
    const context: JobContext = {
      jobId: job.id ?? name,
      attempt,
      maxAttempts,
      finalAttempt: attempt >= maxAttempts || abandon,
      crashes,
      abandon,
    };
    let outcome: JobOutcome;
    try {
      outcome = await processor(job.data as never, context);
    } catch (error) {
      if (context.finalAttempt || isPermanentFailure(error)) {
        throw new UnrecoverableError(
          error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        );
      }
      throw error;
    }
    if (outcome.runAgainAt !== undefined && token !== undefined) {
      await job.moveToDelayed(Math.max(outcome.runAgainAt, Date.now()), token);
      throw new DelayedError();
    }
    return outcome;
  };
}
