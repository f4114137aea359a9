import type { AuditRecord } from '../../core/audit/audit-record.ts';
import { CountersignError } from '../../core/errors.ts';
import { AuditWriteFailedError } from '../../core/ports/audit-write-failed.ts';

/**
 * What one run of a `CHAINED_WRITE_LUA` script answered: `applied` (`{1}`), `refused`
 * by the script's own check (`{0}`), a head `conflict` with the head the script found
 * (`{2, seq, hash, record}`), or `failed` with the error the caller should see (Redis
 * refusing the write, a broken connection, a reply no script gives).
 */
export type ChainedReply =
  | { readonly kind: 'applied' }
  | { readonly kind: 'refused' }
  | { readonly kind: 'conflict'; readonly head: AuditRecord | undefined }
  | { readonly kind: 'failed'; readonly error: unknown };

/** The settled outcome of a script run as a {@link ChainedReply}; never rejects. */
export function chainedReply(run: Promise<unknown>): Promise<ChainedReply> {
  return run.then(
    (reply): ChainedReply => {
      try {
        return classify(reply);
      } catch (error) {
        return { kind: 'failed', error };
      }
    },
    (error: unknown): ChainedReply => ({ kind: 'failed', error: refusedWrite(error) ?? error }),
  );
}

function classify(reply: unknown): ChainedReply {
  if (!Array.isArray(reply)) throw unexpected(reply);
  if (reply[0] === 1) return { kind: 'applied' };
  if (reply[0] === 0) return { kind: 'refused' };
  if (reply[0] === 2) return { kind: 'conflict', head: headFromReply(reply) };
  throw unexpected(reply);
}

function headFromReply(reply: unknown[]): AuditRecord | undefined {
  const [, seq, hash, recordText] = reply;
  if (seq === '0') return undefined;
  const record =
    typeof recordText === 'string' && recordText !== '' ? (JSON.parse(recordText) as AuditRecord) : undefined;
  if (!record || String(record.seq) !== seq || record.hash !== hash) {
    throw new CountersignError(
      'store_corrupt',
      `the audit head (seq ${String(seq)}) does not hold its own record`,
    );
  }
  return record;
}

/** Redis's own refusals of any write, by the code its error reply starts with. */
const WRITE_REFUSALS = ['READONLY', 'OOM', 'NOREPLICAS', 'MISCONF'];

/** The error as an `audit_write_refused` when Redis refused the write itself; undefined for anything else. */
function refusedWrite(error: unknown): AuditWriteFailedError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = error.message.split(' ', 1)[0] ?? '';
  if (!WRITE_REFUSALS.includes(code)) return undefined;
  return new AuditWriteFailedError('audit_write_refused', `Redis refused the audit write: ${error.message}`, {
    cause: error,
  });
}

function unexpected(reply: unknown): CountersignError {
  return new CountersignError(
    'store_unexpected_reply',
    `unexpected reply from a store script: ${JSON.stringify(reply)}`,
  );
}
