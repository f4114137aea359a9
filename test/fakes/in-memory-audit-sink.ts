import type { AuditEvent } from '../../src/core/audit/audit-event.ts';
import type { AuditRecord } from '../../src/core/audit/audit-record.ts';
import { appendToChain } from '../../src/core/audit/chain.ts';
import type { AuditSink } from '../../src/core/ports/audit-sink.ts';

/** An {@link AuditSink} held in an array, for core tests. `records` is exposed for assertions. */
export class InMemoryAuditSink implements AuditSink {
  readonly records: AuditRecord[] = [];

  append(events: readonly AuditEvent[]): Promise<AuditRecord[]> {
    const written: AuditRecord[] = [];
    for (const event of events) {
      const record = appendToChain(this.records.at(-1), event);
      this.records.push(record);
      written.push(record);
    }
    return Promise.resolve(written);
  }

  async *readAll(): AsyncIterable<AuditRecord> {
    for (const record of [...this.records]) yield await Promise.resolve(record);
  }
}
