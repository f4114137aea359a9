import type { JobName } from '../../core/ports/job-queue.ts';

/**
 * A BullMQ queue of its own with its own workers: `revocation` for the jobs that end
 * access, `main` for everything else. Revocations never wait for a slot behind
 * actions, grants or notifications, however many of those are queued.
 */
export type JobLane = 'main' | 'revocation';

/** Every lane, in the order workers start on them. */
export const JOB_LANES: readonly JobLane[] = ['revocation', 'main'];

/** The jobs that end access: a grant's timer and the sweep that backs it up. Every other job is `main`. */
const REVOCATION_JOBS: ReadonlySet<JobName> = new Set<JobName>(['revoke-grant', 'sweep-grants']);

/** The lane a job of this name runs in. */
export function laneOf(name: JobName): JobLane {
  return REVOCATION_JOBS.has(name) ? 'revocation' : 'main';
}

/** The BullMQ queue name of a lane: the configured name for `main`, `<name>-revocation` for revocations. */
export function laneQueueName(queueName: string, lane: JobLane): string {
  return lane === 'main' ? queueName : `${queueName}-${lane}`;
}
