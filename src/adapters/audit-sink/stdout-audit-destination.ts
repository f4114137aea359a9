import type { Writable } from 'node:stream';
import { auditJsonLines } from '../../core/audit/jsonl.ts';
import { AuditDeliveryError, type AuditDestination } from './audit-destination.ts';

/**
 * Writes each record as one JSON line (the `audit export` format: `seq`, `prevHash`,
 * `hash`, `event`) to a stream, stdout by default, for a log shipper to collect.
 * A batch counts as acknowledged once the stream has taken all of it. A checkpoint is
 * one line `{"auditCheckpoint":{"count":N,"headHash":"…","at":"…"}}` (no `seq`, so a
 * collector tells it from a record).
 */
export function stdoutAuditDestination(out: Writable = process.stdout): AuditDestination {
  const write = (text: string, what: string) =>
    new Promise<void>((resolve, reject) => {
      out.write(text, (error) => {
        if (error) reject(new AuditDeliveryError(`could not write ${what} to stdout: ${error.message}`));
        else resolve();
      });
    });
  return {
    name: 'stdout',
    deliver: (records) =>
      write(records.map((record) => `${auditJsonLines.format(record)}\n`).join(''), 'audit records'),
    deliverCheckpoint: (checkpoint) =>
      write(`${JSON.stringify({ auditCheckpoint: checkpoint })}\n`, 'an audit checkpoint'),
  };
}
