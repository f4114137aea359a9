import { SYSTEM_ACTOR } from '../audit/audit-event.ts';
import type { RequestRecord } from './request-record.ts';
import type { TransitionResult } from './transition-result.ts';
import { transition } from './transition-support.ts';

/** Hands an approved request to the job queue. Only an approved request can be queued. */
export function enqueue(record: RequestRecord, at: number): TransitionResult {
  transition.require(record, ['approved'], 'queued');
  return {
    record: transition.to(record, 'queued', at),
    events: [transition.event('queued', record.id, at, SYSTEM_ACTOR, {})],
  };
}
