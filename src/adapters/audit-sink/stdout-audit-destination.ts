import type { Writable } from 'node:stream';
import { auditJsonLines } from '../../core/audit/jsonl.ts';
import { AuditDeliveryError, type AuditDestination } from './audit-destination.ts';

/**
 * Writes each record as one JSON line (the `audit export` format: `seq`, `prevHash`,
 * `hash`, `event`) to a stream, stdout by default, for a log shipper to collect.
 * A batch counts as acknowledged once the stream has taken all of it.
 */
export function stdoutAuditDestination(out: Writable = process.stdout): AuditDestination {
  return {
    name: 'stdout',
    deliver: (records) =>
      new Promise<void>((resolve, reject) => {
        const text = records.map((record) => `${auditJsonLines.format(record)}\n`).join('');
        out.write(text, (error) => {
          if (error)
            reject(new AuditDeliveryError(`could not write audit records to stdout: ${error.message}`));
          else resolve();
        });
      }),
  };
}
