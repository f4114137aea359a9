import { UserFacingError } from '../core/errors.ts';
import { ClusterTransientError } from '../core/ports/cluster-errors.ts';
import type { JobContext } from './job-context.ts';

/**
 * True when retrying cannot change the answer: the cluster refused for good
 * (`ClusterPermanentError`) or the request itself is wrong (any `UserFacingError`:
 * unknown cluster, request gone, transition no longer allowed). Everything else
 * (a cluster that did not answer, Redis away, a bug) is worth another try.
 */
export function isPermanentFailure(error: unknown): boolean {
  return error instanceof UserFacingError;
}

/**
 * The line a requester reads when their request failed in a job: the refusal itself
 * when it is fit to show, otherwise what happened in plain words and the job ID to
 * quote, never an internal error message.
 */
export function failureText(error: unknown, context: JobContext): string {
  if (error instanceof UserFacingError) return error.message;
  const tries = context.attempt === 1 ? '1 attempt' : `${context.attempt} attempts`;
  const why =
    error instanceof ClusterTransientError
      ? error.status === undefined
        ? "the cluster's API server did not answer"
        : `the cluster's API server kept failing (HTTP ${error.status})`
      : 'an internal error kept it from finishing';
  return `Countersign gave up after ${tries}: ${why}. The change may or may not have been made; check the target before asking again. Reference: ${context.jobId}.`;
}

/** The line recorded when a job was given up because it kept crashing its workers. */
export function crashText(context: JobContext): string {
  return `Countersign gave up: the job stopped with its worker ${context.crashes} times. The change may or may not have been made; check the target before asking again. Reference: ${context.jobId}.`;
}
