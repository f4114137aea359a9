import { CountersignError } from '../../src/core/errors.ts';

const ATTEMPTS = 5;

/** How many fixture writes the audit chain refused with `audit_contention` and were tried again. */
export interface RetryCounter {
  retries: number;
}

/**
 * Runs a fixture step (seeding, never a measured step), trying it again when the
 * store gave up on a write with `audit_contention` (no part of that write was
 * applied), at most five times, counting each retry in `counter` so the run reports
 * them. Any other error, or a sixth contention, is thrown.
 */
export async function withContentionRetry<T>(counter: RetryCounter, step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const contended = error instanceof CountersignError && error.code === 'audit_contention';
      if (!contended || attempt >= ATTEMPTS) throw error;
      counter.retries += 1;
    }
  }
}
