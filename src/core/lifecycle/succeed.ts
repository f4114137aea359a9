import { SYSTEM_ACTOR } from '../audit/audit-event.ts';
import type { RequestRecord } from './request-record.ts';
import type { TransitionResult } from './transition-result.ts';
import { transition } from './transition-support.ts';

/**
 * Records that the change ran. `result` is one line for the card and the audit, e.g.
 * `scaled api 3 → 5`. Only a running request can succeed; an access request then
 * goes on to `activateGrant` (or is activated straight from `executing`).
 */
export function succeed(record: RequestRecord, at: number, result: string): TransitionResult {
  transition.require(record, ['executing'], 'marked as succeeded');
  const attempts = record.execution?.attempts ?? 1;
  return {
    record: transition.to(record, 'succeeded', at, {
      execution: { ...record.execution, attempts, finishedAt: at, result },
    }),
    events: [
      transition.event('executed', record.id, at, SYSTEM_ACTOR, {
        attempts,
        result,
        executedAs: transition.executedAs(record),
      }),
    ],
  };
}
