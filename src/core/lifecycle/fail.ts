import { SYSTEM_ACTOR } from '../audit/audit-event.ts';
import type { RequestRecord } from './request-record.ts';
import type { TransitionResult } from './transition-result.ts';
import { transition } from './transition-support.ts';

/**
 * Records that the change could not be made, for good (retries are the queue's
 * business, before this is called). `error` is a line safe to show the requester.
 */
export function fail(record: RequestRecord, at: number, error: string): TransitionResult {
  transition.require(record, ['queued', 'executing'], 'marked as failed');
  const attempts = record.execution?.attempts ?? 0;
  return {
    record: transition.to(record, 'failed', at, {
      execution: { ...record.execution, attempts, finishedAt: at, error },
    }),
    events: [
      transition.event('failed', record.id, at, SYSTEM_ACTOR, {
        attempts,
        error,
        executedAs: transition.executedAs(record),
      }),
    ],
  };
}
