import type { RequestRecord } from './request-record.ts';
import type { TransitionResult } from './transition-result.ts';
import { transition } from './transition-support.ts';

/**
 * Marks a queued request as running and counts the attempt. A job retried after a
 * crash may start again from `executing`; each start adds one attempt. Produces no
 * audit event: the outcome (`executed`, `failed` or `granted`) is what is recorded.
 */
export function startExecution(record: RequestRecord, at: number): TransitionResult {
  transition.require(record, ['queued', 'executing'], 'started');
  const attempts = (record.execution?.attempts ?? 0) + 1;
  return {
    record: transition.to(record, 'executing', at, { execution: { attempts, startedAt: at } }),
    events: [],
  };
}
