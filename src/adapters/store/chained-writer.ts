import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { AuditEvent } from '../../core/audit/audit-event.ts';
import type { AuditRecord } from '../../core/audit/audit-record.ts';
import { appendToChain } from '../../core/audit/chain.ts';
import { CountersignError } from '../../core/errors.ts';
import { AuditWriteFailedError } from '../../core/ports/audit-write-failed.ts';
import { auditEntry } from './audit-entry.ts';
import type { StoreKeys } from './keys.ts';
import type { LuaScript } from './lua-script.ts';

/** How hard a writer tries when other replicas keep moving the audit head. */
export interface ChainRetryOptions {
  /** Attempts before giving up with `audit_contention`; default 100. */
  readonly maxAttempts?: number;
  /** Upper bound of the random pause between attempts, ms; default 50. */
  readonly maxJitterMs?: number;
}

/** What a chained write did: written with these audit records, or refused by the script's own check. */
export type ChainedWriteOutcome =
  { readonly applied: true; readonly records: AuditRecord[] } | { readonly applied: false };

const DONE_MARKER_TTL_SECONDS = 3600;

/**
 * Runs scripts built on `CHAINED_WRITE_LUA`: links the events after the audit
 * head it last saw (SHA-256 is computed here, as Redis Lua has none), lets the script
 * check that head is still current, and on a head conflict re-links after the head the
 * script reports and tries again, pausing a random moment so competing replicas spread
 * out. Each logical write carries one token, so a script resent by the client after a
 * dropped connection is not applied twice. A write Redis refuses outright (read-only
 * replica, out of memory, too few replicas, failed persistence) fails as
 * `audit_write_refused`; see {@link AuditWriteFailedError}.
 */
export class ChainedWriter {
  private readonly redis: Redis;
  private readonly keys: StoreKeys;
  private readonly maxAttempts: number;
  private readonly maxJitterMs: number;
  /** The head this writer last saw; undefined means "assume an empty chain" until told otherwise. */
  private head: AuditRecord | undefined;

  constructor(redis: Redis, keys: StoreKeys, retry: ChainRetryOptions = {}) {
    this.redis = redis;
    this.keys = keys;
    this.maxAttempts = retry.maxAttempts ?? 100;
    this.maxJitterMs = retry.maxJitterMs ?? 50;
  }

  /**
   * Runs `script` with its own keys and arguments after the chain layout. Resolves
   * `applied: false` when the script refused for its own reason (a version conflict);
   * throws `audit_contention` after `maxAttempts` head conflicts in a row.
   */
  async write(
    script: LuaScript,
    ownKeys: readonly string[],
    ownArgs: readonly (string | number)[],
    events: readonly AuditEvent[],
  ): Promise<ChainedWriteOutcome> {
    // One chained write at a time per process: writers of one process never race each
    // other for the audit head, so contention is only between processes.
    const run = this.tail.then(() => this.writeNow(script, ownKeys, ownArgs, events));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private tail: Promise<unknown> = Promise.resolve();

  private async writeNow(
    script: LuaScript,
    ownKeys: readonly string[],
    ownArgs: readonly (string | number)[],
    events: readonly AuditEvent[],
  ): Promise<ChainedWriteOutcome> {
    const keys = [
      this.keys.auditStream,
      this.keys.auditHead,
      this.keys.writeDone(randomUUID()),
      ...events.map((event) => this.keys.events(event.requestId)),
      ...ownKeys,
    ];
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const head = this.head;
      const records = link(head, events);
      const args = [
        String(head?.seq ?? 0),
        head?.hash ?? '',
        records.length,
        records.length > 0 ? JSON.stringify(records[records.length - 1]) : '',
        DONE_MARKER_TTL_SECONDS,
        ...records.flatMap((record) => auditEntry.values(record)),
        ...ownArgs,
      ];
      const reply = await script.run(this.redis, keys, args).catch((error: unknown) => {
        throw refusedWrite(error) ?? error;
      });
      if (!Array.isArray(reply)) throw unexpected(reply);
      if (reply[0] === 1) {
        if (records.length > 0) this.head = records[records.length - 1];
        return { applied: true, records };
      }
      if (reply[0] === 0) return { applied: false };
      if (reply[0] !== 2) throw unexpected(reply);
      this.head = headFromReply(reply);
      if (attempt > 1) await sleep(Math.random() * Math.min(this.maxJitterMs, 2 ** attempt));
    }
    throw new AuditWriteFailedError(
      'audit_contention',
      `the audit head kept moving: gave up after ${this.maxAttempts} attempts to append ${events.length} event(s)`,
    );
  }
}

function link(head: AuditRecord | undefined, events: readonly AuditEvent[]): AuditRecord[] {
  const records: AuditRecord[] = [];
  let prev = head;
  for (const event of events) {
    prev = appendToChain(prev, event);
    records.push(prev);
  }
  return records;
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
