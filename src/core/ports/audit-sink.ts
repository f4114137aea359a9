import type { AuditEvent } from '../audit/audit-event.ts';
import type { AuditRecord } from '../audit/audit-record.ts';

/**
 * Where the hash-chained audit log lives. `append` links the events after the current
 * head, in order and atomically with respect to other appenders (so two replicas never
 * fork the chain), and returns the records it wrote. `readAll` yields the whole chain
 * from seq 1, in order.
 */
export interface AuditSink {
  append(events: readonly AuditEvent[]): Promise<AuditRecord[]>;
  readAll(): AsyncIterable<AuditRecord>;
}
