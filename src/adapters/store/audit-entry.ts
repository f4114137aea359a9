import type { AuditEvent } from '../../core/audit/audit-event.ts';
import type { AuditRecord } from '../../core/audit/audit-record.ts';
import { CountersignError } from '../../core/errors.ts';

/**
 * How one {@link AuditRecord} is laid out as the fields of an entry of the audit
 * stream: `seq`, `prevHash`, `hash` and `event` (compact JSON), in that order, so the
 * stream reads plainly with `redis-cli XRANGE`. JSON keeps every value the hash covers.
 */
export const auditEntry = {
  /** The four field values, in the order `seq`, `prevHash`, `hash`, `event`. */
  values(record: AuditRecord): [string, string, string, string] {
    return [String(record.seq), record.prevHash, record.hash, JSON.stringify(record.event)];
  },

  /** The record held by a stream entry's flat `[field, value, ...]` list; `id` names it in errors. */
  parse(id: string, fields: readonly string[]): AuditRecord {
    const map = new Map<string, string>();
    for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i] as string, fields[i + 1] as string);
    const seq = Number(map.get('seq'));
    const prevHash = map.get('prevHash');
    const hash = map.get('hash');
    const eventText = map.get('event');
    if (!Number.isInteger(seq) || prevHash === undefined || hash === undefined || eventText === undefined) {
      throw new CountersignError(
        'store_corrupt',
        `audit stream entry ${id} lacks seq, prevHash, hash or event`,
      );
    }
    let event: AuditEvent;
    try {
      event = JSON.parse(eventText) as AuditEvent;
    } catch (error) {
      throw new CountersignError(
        'store_corrupt',
        `audit stream entry ${id} holds an event that is not JSON (${(error as Error).message})`,
      );
    }
    return { seq, prevHash, hash, event };
  },
};
