import { CountersignError } from '../errors.ts';

/**
 * The store could not append to the audit chain, so the write it belonged to (a
 * record change and its events, applied together or not at all) did not happen:
 * `audit_contention` when other writers kept moving the chain's head past every
 * attempt, `audit_write_refused` when the database refused writes (read-only, out of
 * memory, too few replicas). Nothing was changed; trying again later may succeed.
 */
export class AuditWriteFailedError extends CountersignError {
  constructor(code: 'audit_contention' | 'audit_write_refused', message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
