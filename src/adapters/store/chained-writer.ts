import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { AuditEvent } from '../../core/audit/audit-event.ts';
import type { AuditRecord } from '../../core/audit/audit-record.ts';
import { appendToChain } from '../../core/audit/chain.ts';
import { AuditWriteFailedError } from '../../core/ports/audit-write-failed.ts';
import { auditEntry } from './audit-entry.ts';
import { chainedReply, type ChainedReply } from './chained-write-replies.ts';
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
/** Writes sent together at most; the rest wait for the next round trip. */
const MAX_BATCH = 32;

/** One logical write: its script, keys (with its own done-marker) and events, until it settles. */
interface Queued {
  readonly script: LuaScript;
  readonly keys: readonly string[];
  readonly ownArgs: readonly (string | number)[];
  readonly events: readonly AuditEvent[];
  /** Head conflicts this write met with a head this writer believed current. */
  conflicts: number;
  readonly resolve: (outcome: ChainedWriteOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/** One attempt of a queued write: the head it was linked after and the records it carries. */
interface Sent {
  readonly write: Queued;
  readonly prev: AuditRecord | undefined;
  readonly records: AuditRecord[];
  readonly reply: Promise<ChainedReply>;
}

/**
 * Runs scripts built on `CHAINED_WRITE_LUA`: links the events after the audit head it
 * believes current (SHA-256 is computed here, as Redis Lua has none) and lets the
 * script check that head is still current. Writes waiting while others are in flight
 * go out together, at most {@link MAX_BATCH}, each linked after the head the one
 * before it will make, in one pipeline; Redis runs them in order on the connection.
 * When one is refused or meets a head conflict, the writes linked after it meet a
 * head conflict too and change nothing; all of them are re-linked after the head the
 * scripts report and sent again, in the order they were made. Only a conflict with a
 * head this writer believed current counts as an attempt; from the second, a random
 * pause spreads competing replicas out. Each logical write carries one token, so a
 * script resent by the client after a dropped connection is not applied twice. A
 * write Redis refuses outright (read-only replica, out of memory, too few replicas,
 * failed persistence) fails as `audit_write_refused`; see {@link AuditWriteFailedError}.
 * Use {@link chainedWriterFor} so one process keeps one writer per connection and chain.
 */
export class ChainedWriter {
  private readonly redis: Redis;
  private readonly keys: StoreKeys;
  private readonly maxAttempts: number;
  private readonly maxJitterMs: number;
  /** The head this writer last learnt; undefined means "assume an empty chain" until told otherwise. */
  private head: AuditRecord | undefined;
  private readonly queue: Queued[] = [];
  private sending = false;

  constructor(redis: Redis, keys: StoreKeys, retry: ChainRetryOptions = {}) {
    this.redis = redis;
    this.keys = keys;
    this.maxAttempts = retry.maxAttempts ?? 100;
    this.maxJitterMs = retry.maxJitterMs ?? 50;
  }

  /**
   * Runs `script` with its own keys and arguments after the chain layout. Resolves
   * `applied: false` when the script refused for its own reason (a version conflict);
   * throws `audit_contention` after `maxAttempts` head conflicts.
   */
  write(
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
    return new Promise((resolve, reject) => {
      this.queue.push({ script, keys, ownArgs, events, conflicts: 0, resolve, reject });
      if (this.sending) return;
      // Writes made in the same tick as this one go out with it.
      this.sending = true;
      queueMicrotask(() => void this.drain());
    });
  }

  /** Sends the queue a batch at a time until it is empty; one batch in flight at a time. */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const { again, pauseMs } = await this.sendBatch(this.queue.splice(0, MAX_BATCH));
        this.queue.unshift(...again);
        if (pauseMs > 0) await sleep(pauseMs);
      }
    } finally {
      this.sending = false;
    }
  }

  /** Sends `batch` linked one after another, settles what it can, and returns the writes to send again. */
  private async sendBatch(batch: readonly Queued[]): Promise<{ again: Queued[]; pauseMs: number }> {
    let linked = this.head;
    const sent: Sent[] = [];
    for (const write of batch) {
      const prev = linked;
      let records: AuditRecord[];
      try {
        records = link(prev, write.events);
      } catch (error) {
        write.reject(error);
        continue;
      }
      if (records.length > 0) linked = records[records.length - 1];
      const args = [
        String(prev?.seq ?? 0),
        prev?.hash ?? '',
        records.length,
        records.length > 0 ? JSON.stringify(records[records.length - 1]) : '',
        DONE_MARKER_TTL_SECONDS,
        ...records.flatMap((record) => auditEntry.values(record)),
        ...write.ownArgs,
      ];
      sent.push({
        write,
        prev,
        records,
        reply: chainedReply(write.script.run(this.redis, write.keys, args)),
      });
    }
    // Replies come in the order Redis ran the scripts; `known` follows the real head through them.
    let known = this.head;
    const again: Queued[] = [];
    let pauseMs = 0;
    for (const { write, prev, records, reply } of sent) {
      const settled = await reply;
      if (settled.kind === 'failed') write.reject(settled.error);
      else if (settled.kind === 'refused') write.resolve({ applied: false });
      else if (settled.kind === 'applied') {
        if (records.length > 0) known = records[records.length - 1];
        write.resolve({ applied: true, records });
      } else {
        const believedCurrent = sameHead(prev, known);
        known = settled.head;
        if (believedCurrent) write.conflicts += 1;
        if (write.conflicts >= this.maxAttempts) {
          write.reject(
            new AuditWriteFailedError(
              'audit_contention',
              `the audit head kept moving: gave up after ${this.maxAttempts} attempts to append ${write.events.length} event(s)`,
            ),
          );
          continue;
        }
        if (believedCurrent && write.conflicts > 1) {
          pauseMs = Math.max(pauseMs, Math.random() * Math.min(this.maxJitterMs, 2 ** write.conflicts));
        }
        again.push(write);
      }
    }
    this.head = known;
    return { again, pauseMs };
  }
}

const writers = new WeakMap<Redis, Map<string, ChainedWriter>>();

/**
 * The one {@link ChainedWriter} of this process for `redis` and the chain under
 * `keys`, made on first use: writers sharing a connection then link after each
 * other's heads instead of meeting each other's writes as head conflicts.
 */
export function chainedWriterFor(
  redis: Redis,
  keys: StoreKeys,
  retry: ChainRetryOptions = {},
): ChainedWriter {
  let byChain = writers.get(redis);
  if (!byChain) {
    byChain = new Map();
    writers.set(redis, byChain);
  }
  const id = `${keys.prefix}\n${retry.maxAttempts ?? ''}\n${retry.maxJitterMs ?? ''}`;
  let writer = byChain.get(id);
  if (!writer) {
    writer = new ChainedWriter(redis, keys, retry);
    byChain.set(id, writer);
  }
  return writer;
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

function sameHead(a: AuditRecord | undefined, b: AuditRecord | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.seq === b.seq && a.hash === b.hash);
}
