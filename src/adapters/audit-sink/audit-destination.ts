import type { AuditCheckpoint } from '../../core/audit/audit-checkpoint.ts';
import type { AuditRecord } from '../../core/audit/audit-record.ts';
import { CountersignError } from '../../core/errors.ts';

/**
 * One place the audit sink delivers the chain to (an HTTP endpoint, stdout). `deliver`
 * resolves once the destination has acknowledged every record given, in the order
 * given, and rejects with {@link AuditDeliveryError} otherwise; it may be called again
 * with records already delivered (at-least-once), which the receiver tells apart by
 * `seq`.
 */
export interface AuditDestination {
  /** Stable name, part of the Redis keys of this destination's cursor and lease. */
  readonly name: string;
  deliver(records: readonly AuditRecord[]): Promise<void>;
  /**
   * Delivers a checkpoint of the chain's head (count and hash), kept by the destination
   * out of Redis's reach; resolves once acknowledged. It may arrive before the records
   * up to it (the sink lags) and more than once (every worker writes them).
   */
  deliverCheckpoint(checkpoint: AuditCheckpoint): Promise<void>;
}

/** A destination did not acknowledge a batch; it is retried. */
export class AuditDeliveryError extends CountersignError {
  constructor(message: string, options?: ErrorOptions) {
    super('audit_delivery_failed', message, options);
  }
}
