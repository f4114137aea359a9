import type { JobsOptions } from 'bullmq';
import type { JobName } from '../../core/ports/job-queue.ts';
import { BACKOFF_TYPE } from './retry-backoff.ts';
import type { RetryPolicy } from './queue-settings.ts';

const DAY_SECONDS = 24 * 3600;

/**
 * Finished jobs kept so a late duplicate enqueue of the same ID is still ignored:
 * BullMQ drops an add only while a job with that ID exists. The window is days, while
 * duplicates (a retried click, a repeated follow-up) arrive within seconds; and the
 * job bodies re-read the request, so a duplicate after the window changes nothing
 * either. The count bounds Redis whatever the traffic. BullMQ trims the whole set
 * with the options of the job that just finished, so every kept kind uses these.
 */
export const KEEP_COMPLETED = { age: 7 * DAY_SECONDS, count: 20_000 } as const;

/** Failed jobs kept for diagnosis (the request itself already records the failure). */
export const KEEP_FAILED = { age: 30 * DAY_SECONDS, count: 20_000 } as const;

/**
 * Jobs whose completion need not deduplicate anything: a notification is idempotent
 * per record version, and a sweep is meant to run again. They are deleted on
 * completion, which also keeps the sweep's schedule from filling the completed set.
 */
const DROP_ON_COMPLETE: ReadonlySet<JobName> = new Set<JobName>(['notify', 'sweep-grants']);

/**
 * Jobs that wait behind every other due job: BullMQ takes a job without priority
 * before any prioritized one, so a burst of card updates never delays a revocation,
 * an approved action or a grant, which keep the worker slots first.
 */
const BEHIND_THE_REST: ReadonlySet<JobName> = new Set<JobName>([
  'notify',
  'remind-expiry',
  'remind-approvers',
]);

/** BullMQ priority of the jobs in {@link BEHIND_THE_REST} (any positive number puts them last). */
export const LOW_PRIORITY = 10;

/**
 * The BullMQ options of a job of this name: attempts and backoff from `retry`,
 * retention as above, and notifications and reminders behind revocations and actions.
 */
export function jobOptions(name: JobName, retry: RetryPolicy): JobsOptions {
  return {
    ...(BEHIND_THE_REST.has(name) ? { priority: LOW_PRIORITY } : {}),
    attempts: retry.attempts,
    backoff: { type: BACKOFF_TYPE, delay: retry.baseDelayMs },
    removeOnComplete: DROP_ON_COMPLETE.has(name) ? true : KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
  };
}
