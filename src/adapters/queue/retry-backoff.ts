import { ClusterTransientError } from '../../core/ports/cluster-errors.ts';
import type { RetryPolicy } from './queue-settings.ts';

/** The name jobs give their backoff so BullMQ asks {@link retryBackoff} for the delay. */
export const BACKOFF_TYPE = 'countersign';

/** Each delay is drawn from 80–100 % of the exponential value, so retries of many jobs spread out. */
const JITTER = 0.2;

/**
 * The wait before retry number `attemptsMade` (1 after the first failure): the
 * server's `Retry-After` when a `ClusterTransientError` carries one, else
 * `baseDelayMs · 2^(attemptsMade−1)` with a little jitter; both capped at `maxDelayMs`.
 */
export function retryBackoff(policy: RetryPolicy, random: () => number = Math.random) {
  return (attemptsMade: number, _type?: string, error?: Error): number => {
    if (error instanceof ClusterTransientError && error.retryAfterSeconds !== undefined) {
      return Math.min(Math.max(error.retryAfterSeconds * 1000, 1), policy.maxDelayMs);
    }
    const exponential = policy.baseDelayMs * 2 ** Math.max(attemptsMade - 1, 0);
    const jittered = exponential * (1 - JITTER * random());
    return Math.max(1, Math.round(Math.min(jittered, policy.maxDelayMs)));
  };
}
