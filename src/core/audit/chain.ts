import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditEvent } from './audit-event.ts';
import { GENESIS_HASH, type AuditRecord } from './audit-record.ts';

/**
 * SHA-256 (hex) of the RFC 8785 canonical JSON of `{ seq, prevHash, event }`: the same
 * value whatever the key order or spacing of the stored copy.
 */
export function hashAuditRecord(seq: number, prevHash: string, event: unknown): string {
  const canonical = canonicalize({ seq, prevHash, event });
  if (canonical === undefined) throw new TypeError('audit record is not representable as JSON');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * Links `event` after `prev` (or starts the chain when `prev` is undefined). The
 * stored event is a JSON copy of the one given, so later edits to the caller's
 * object cannot change what was hashed.
 */
export function appendToChain(prev: AuditRecord | undefined, event: AuditEvent): AuditRecord {
  const seq = prev ? prev.seq + 1 : 1;
  const prevHash = prev ? prev.hash : GENESIS_HASH;
  const copy = JSON.parse(JSON.stringify(event)) as AuditEvent;
  return { seq, prevHash, hash: hashAuditRecord(seq, prevHash, copy), event: copy };
}
