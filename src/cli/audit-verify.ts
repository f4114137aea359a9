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

/** The verdict `--json` prints: intact with its size and head, or where it first breaks. */
export type AuditVerifyJson =
  | { readonly ok: true; readonly count: number; readonly headHash: string }
  | { readonly ok: false; readonly line: number; readonly seq: number | null; readonly problem: string };

/**
 * Verifies a chain from any source (a parsed JSON-lines file, the audit store) and
 * prints `ok: N records, head H`, or the line and problem of the first fault (with
 * `json`, one {@link AuditVerifyJson} object instead). Returns the exit code; a
 * malformed record counts as a fault at its line.
 */
export async function runAuditVerify(
  records: Iterable<AuditRecord> | AsyncIterable<AuditRecord>,
  expected: ChainExpectation,
  out: CliWriters,
  json = false,
): Promise<number> {
  const print = (verdict: AuditVerifyJson, text: string) => out.stdout(json ? JSON.stringify(verdict) : text);
  try {
    const verdict = await verifyChainAsync(toAsync(records), expected);
    if (verdict.ok) {
      print(
        { ok: true, count: verdict.count, headHash: verdict.headHash },
        `ok: ${verdict.count} ${verdict.count === 1 ? 'record' : 'records'}, head ${verdict.headHash}`,
      );
      return AUDIT_VERIFY_EXIT.ok;
    }
    print(
      { ok: false, line: verdict.position, seq: verdict.seq, problem: verdict.problem },
      `failed at line ${verdict.position} (seq ${verdict.seq}): ${verdict.problem}`,
    );
    return AUDIT_VERIFY_EXIT.broken;
  } catch (error) {
    if (!(error instanceof AuditFormatError)) throw error;
    const problem = error.message.replace(/^line \d+: /, '');
    print({ ok: false, line: error.line, seq: null, problem }, `failed at line ${error.line}: ${problem}`);
    return AUDIT_VERIFY_EXIT.broken;
  }
}

async function* toAsync(
  records: Iterable<AuditRecord> | AsyncIterable<AuditRecord>,
): AsyncGenerator<AuditRecord> {
  yield* records;
}
