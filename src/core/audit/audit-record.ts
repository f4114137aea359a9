import type { AuditEvent } from './audit-event.ts';

/**
 * One link of the audit hash chain: the event, its 1-based sequence number, the hash
 * of the record before it (`GENESIS_HASH` for the first) and its own hash, the
 * SHA-256 of the canonical JSON of `{ seq, prevHash, event }`.
 */
export interface AuditRecord {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly event: AuditEvent;
}

/** The `prevHash` of the first record: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);
