import { z } from 'zod';
import { AUDIT_EVENT_TYPES } from './audit-event.ts';
import { AuditFormatError } from './audit-format-error.ts';
import type { AuditRecord } from './audit-record.ts';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits');

const recordShape = z.strictObject({
  seq: z.number().int().positive(),
  prevHash: hex64,
  hash: hex64,
  event: z.looseObject({
    type: z.enum(AUDIT_EVENT_TYPES),
    requestId: z.string(),
    at: z.string(),
    actor: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
});

/**
 * The JSON-lines form of the audit chain: one {@link AuditRecord} per line, in chain
 * order, each line newline-terminated. Parsing checks each line's shape only (the
 * chain itself is checked by `verifyChain`) and keeps the record exactly as written,
 * so nothing a hash covers is dropped or added.
 */
export const auditJsonLines = {
  /** One record as one line, without the newline. */
  format(record: AuditRecord): string {
    return JSON.stringify(record);
  },

  /** Every record, one per line, ending with a newline ('' for none). */
  serialize(records: Iterable<AuditRecord>): string {
    let out = '';
    for (const record of records) out += `${JSON.stringify(record)}\n`;
    return out;
  },

  /** Parses line number `line` (1-based); throws {@link AuditFormatError} naming it. */
  parseLine(text: string, line: number): AuditRecord {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new AuditFormatError(line, `not valid JSON (${(error as Error).message})`);
    }
    const checked = recordShape.safeParse(value);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      throw new AuditFormatError(line, `not an audit record (${where}${issue?.message ?? 'invalid'})`);
    }
    return value as AuditRecord;
  },

  /**
   * Parses a whole export. A final newline (LF or CRLF) is optional; an empty line
   * anywhere else is an error, so positions always equal line numbers.
   */
  *parse(text: string): Generator<AuditRecord> {
    if (text === '') return;
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const [index, raw] of lines.entries()) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') throw new AuditFormatError(index + 1, 'empty line');
      yield auditJsonLines.parseLine(line, index + 1);
    }
  },
};
