import type { JobName } from '../../core/ports/job-queue.ts';

/**
 * A BullMQ queue of its own with its own workers: `revocation` for the jobs that end
 * access, `notify` for bringing chat messages up to date, `main` for everything else
 * (actions, grants, timers, reminders). Revocations never wait for a slot behind
 * actions, grants or notifications, however many of those are queued; notifications
 * run in a few slots of their own, so a burst of decisions (each queues a notification
 * per state it passes through, and each posts thread lines, cards and direct messages)
 * cannot take the CPU and the slots the approved actions need: the actions run first
 * and their cards follow.
 */
export type JobLane = 'main' | 'revocation' | 'notify';

/** Every lane, in the order workers start on them. */
export const JOB_LANES: readonly JobLane[] = ['revocation', 'main', 'notify'];

/** The jobs that end access: a grant's timer and the sweep that backs it up. */
const REVOCATION_JOBS: ReadonlySet<JobName> = new Set<JobName>(['revoke-grant', 'sweep-grants']);

/** The lane a job of this name runs in. */
export function laneOf(name: JobName): JobLane {
  if (REVOCATION_JOBS.has(name)) return 'revocation';
  return name === 'notify' ? 'notify' : 'main';
}

/** The BullMQ queue name of a lane: the configured name for `main`, `<name>-<lane>` for the others. */
export function laneQueueName(queueName: string, lane: JobLane): string {
  return lane === 'main' ? queueName : `${queueName}-${lane}`;
}

/**
 * How many notifications one worker process runs at once when `concurrency` other
 * jobs may: a quarter of it, at least one.
 */
export function notifyConcurrency(concurrency: number): number {
  return Math.max(1, Math.ceil(concurrency / 4));
}
