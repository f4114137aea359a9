import type { AuditEvent } from '../audit/audit-event.ts';
import type { RequestRecord } from './request-record.ts';

/**
 * What every lifecycle transition returns: the new record (version one higher, or the
 * same record untouched for a no-op) and the audit events to append, in order.
 */
export interface TransitionResult {
  readonly record: RequestRecord;
  readonly events: readonly AuditEvent[];
}
