import { SYSTEM_ACTOR } from '../audit/audit-event.ts';
import type { RequestRecord } from './request-record.ts';
import type { TransitionResult } from './transition-result.ts';
import { transition } from './transition-support.ts';

/**
 * Stops a request that the policy in force no longer allows (a change freeze added
 * after filing, a time window that closed): a pending, approved or queued request
 * ends as denied by policy, audited as `denied` by Countersign with `reason`. Nothing
 * has run yet in any of these states, so nothing needs undoing.
 */
export function stopByPolicy(record: RequestRecord, at: number, reason: string): TransitionResult {
  transition.require(record, ['pending', 'approved', 'queued'], 'stopped by policy');
  const said = `Policy no longer allows this request: ${reason}`;
  return {
    record: transition.to(record, 'denied', at, { denial: { by: 'policy', reason: said, at } }),
    events: [transition.event('denied', record.id, at, SYSTEM_ACTOR, { reason: said })],
  };
}
