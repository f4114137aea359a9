import type { JobName, JobQueue } from '../../src/core/ports/job-queue.ts';

/** Jobs the seeding runs itself (create-grant's body) or that would only post cards for fixtures. */
const DROPPED: ReadonlySet<JobName> = new Set<JobName>(['create-grant', 'execute-action', 'notify']);

/**
 * The real queue minus the jobs a fixture performs itself: enqueues of `create-grant`
 * and `execute-action` (the seeding calls their bodies directly, so a running worker
 * cannot race it) and of `notify` (cards for fixtures nobody reads). Timers —
 * `revoke-grant`, `remind-expiry`, `expire-request` — and every removal reach the
 * real BullMQ queue unchanged, so the grants end exactly as they would in production.
 */
export function timersOnlyQueue(queue: JobQueue): JobQueue {
  return {
    enqueue: (name, payload, options) =>
      DROPPED.has(name) ? Promise.resolve() : queue.enqueue(name, payload, options),
    reschedule: (name, payload, runAt) => queue.reschedule(name, payload, runAt),
    remove: (name, payload) => queue.remove(name, payload),
  };
}
