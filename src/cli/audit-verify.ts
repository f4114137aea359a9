import { AuditFormatError } from '../core/audit/audit-format-error.ts';
import type { AuditRecord } from '../core/audit/audit-record.ts';
import { verifyChainAsync, type ChainExpectation } from '../core/audit/verify-chain.ts';

/** Where `audit verify` writes: stdout for the verdict, stderr for trouble reading input. */
export interface CliWriters {
  stdout(line: string): void;
  stderr(line: string): void;
}

/** Exit codes of `audit verify`: 0 intact, 1 tampered or malformed, 2 input unreadable. */
export const AUDIT_VERIFY_EXIT = { ok: 0, broken: 1, unreadable: 2 } as const;

/**
 * Verifies a chain from any source (a parsed JSON-lines file today, an audit store
 * later) and prints `ok: N records, head H`, or the line and problem of the first
 * fault. Returns the exit code; a malformed record counts as a fault at its line.
 */
export async function runAuditVerify(
  records: Iterable<AuditRecord> | AsyncIterable<AuditRecord>,
  expected: ChainExpectation,
  out: CliWriters,
): Promise<number> {
  try {
    const verdict = await verifyChainAsync(toAsync(records), expected);
    if (verdict.ok) {
      out.stdout(
        `ok: ${verdict.count} ${verdict.count === 1 ? 'record' : 'records'}, head ${verdict.headHash}`,
      );
      return AUDIT_VERIFY_EXIT.ok;
    }
    out.stdout(`failed at line ${verdict.position} (seq ${verdict.seq}): ${verdict.problem}`);
    return AUDIT_VERIFY_EXIT.broken;
  } catch (error) {
    if (!(error instanceof AuditFormatError)) throw error;
    out.stdout(`failed at line ${error.line}: ${error.message.replace(/^line \d+: /, '')}`);
    return AUDIT_VERIFY_EXIT.broken;
  }
}

async function* toAsync(
  records: Iterable<AuditRecord> | AsyncIterable<AuditRecord>,
): AsyncGenerator<AuditRecord> {
  yield* records;
}
