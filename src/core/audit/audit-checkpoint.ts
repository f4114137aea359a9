import type { AuditRecord } from './audit-record.ts';

/**
 * The head of the audit chain at one moment: how many records it held and the hash of
 * the last. Kept outside Redis (logs, the audit sink), it lets `countersign audit check
 * --expect-count --expect-head` detect a tail cut from the stream.
 */
export interface AuditCheckpoint {
  readonly count: number;
  readonly headHash: string;
  /** When the head record was written (ISO 8601). */
  readonly at: string;
}

/** The checkpoint whose head is `record`. */
export function checkpointOf(record: AuditRecord): AuditCheckpoint {
  return { count: record.seq, headHash: record.hash, at: record.event.at };
}
