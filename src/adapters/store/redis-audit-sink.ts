import type { Redis } from 'ioredis';
import type { AuditEvent } from '../../core/audit/audit-event.ts';
import type { AuditRecord } from '../../core/audit/audit-record.ts';
import { UserFacingError } from '../../core/errors.ts';
import type { AuditSink } from '../../core/ports/audit-sink.ts';
import { appendAuditScript } from './append-audit-script.ts';
import { auditEntry } from './audit-entry.ts';
import { chainedWriterFor, type ChainedWriter, type ChainRetryOptions } from './chained-writer.ts';
import { storeKeys, type StoreKeys } from './keys.ts';

/** Settings of a {@link RedisAuditSink}. */
export interface RedisAuditSinkOptions {
  /** Prefix of every key (`REDIS_KEY_PREFIX`); the chain is the stream `<prefix>:audit`. */
  readonly keyPrefix: string;
  /** Stream entries fetched per XRANGE while reading; default 500. */
  readonly pageSize?: number;
  readonly retry?: ChainRetryOptions;
}

/**
 * How far before `since` {@link RedisAuditSink.readSince} starts looking, to cover the
 * gap between a replica's clock (which stamps events) and Redis's (which stamps stream IDs).
 */
const CLOCK_SKEW_MARGIN_MS = 15 * 60_000;

type StreamEntry = [id: string, fields: string[]];

/** Where a trimmed audit stream now starts: its first record's seq, `prevHash` and stream ID. */
export interface TrimMark {
  readonly seq: number;
  readonly prevHash: string;
  readonly id: string;
}

/**
 * {@link AuditSink} on a Redis stream `<prefix>:audit`, one entry per audit record,
 * with the chain head (seq, hash, record) in `<prefix>:audit:head`. Appends go through
 * a script that checks the head is still the one the records were linked to, so
 * appenders on many replicas never fork the chain; the same chain is extended by
 * `RedisRequestStore` writes. Reading pages through the stream with XRANGE.
 * The caller owns the connection.
 */
export class RedisAuditSink implements AuditSink {
  private readonly redis: Redis;
  private readonly keys: StoreKeys;
  private readonly pageSize: number;
  private readonly writer: ChainedWriter;

  constructor(redis: Redis, options: RedisAuditSinkOptions) {
    this.redis = redis;
    this.keys = storeKeys(options.keyPrefix);
    this.pageSize = options.pageSize ?? 500;
    this.writer = chainedWriterFor(redis, this.keys, options.retry);
  }

  async append(events: readonly AuditEvent[]): Promise<AuditRecord[]> {
    if (events.length === 0) return [];
    const outcome = await this.writer.write(appendAuditScript, [], [], events);
    return outcome.applied ? outcome.records : [];
  }

  /** The whole chain from seq 1, in order, read a page at a time. */
  readAll(): AsyncIterable<AuditRecord> {
    return this.readFrom('-');
  }

  /**
   * The contiguous tail of the chain that starts at the first record stamped at or
   * after `since` (ISO 8601), for export. The start is found through the stream IDs
   * (Redis's clock), looking back 15 minutes to allow for clock skew; records appended
   * further out of step than that may be missed from the start of the tail.
   */
  async *readSince(since: string): AsyncIterable<AuditRecord> {
    const from = Date.parse(since);
    if (Number.isNaN(from)) {
      throw new UserFacingError('invalid_time', `"${since}" is not a date and time.`, '2026-01-05T10:00:00Z');
    }
    let started = false;
    for await (const record of this.readFrom(`${Math.max(0, from - CLOCK_SKEW_MARGIN_MS)}-0`)) {
      started ||= Date.parse(record.event.at) >= from;
      if (started) yield record;
    }
  }

  /** The last record of the chain, or undefined while it is empty; a checkpoint for `audit verify`. */
  async head(): Promise<AuditRecord | undefined> {
    const text = await this.redis.hget(this.keys.auditHead, 'record');
    return text ? (JSON.parse(text) as AuditRecord) : undefined;
  }

  /**
   * Where the stream was trimmed after the audit sink took the records before it: the
   * seq and `prevHash` of the first record kept, and its stream ID; undefined while
   * nothing was trimmed. A chain read from this store starts there.
   */
  async trimmed(): Promise<TrimMark | undefined> {
    const [seq, prevHash, id] = await this.redis.hmget(this.keys.auditTrimmed, 'seq', 'prevHash', 'id');
    return seq && prevHash && id ? { seq: Number(seq), prevHash, id } : undefined;
  }

  /**
   * What the stream alone cannot tell about its own completeness: whether it still
   * ends at the head written with the last append (`<prefix>:audit:head`, a separate
   * key, so a tail cut with XDEL shows), and whether every request's list of its audit
   * records (`<prefix>:events:<id>`) names only entries the stream still holds (or
   * that were trimmed after delivery, see {@link trimmed}). Returns
   * one line per problem found, none when complete. Reads the whole stream's IDs.
   */
  async missingRecords(): Promise<string[]> {
    const problems: string[] = [];
    const ids = new Set<string>();
    let last: AuditRecord | undefined;
    for await (const [id, record] of this.entriesFrom('-')) {
      ids.add(id);
      last = record;
    }
    const head = await this.head();
    const mark = await this.trimmed();
    const trimmedAway = (id: string) => mark !== undefined && compareStreamIds(id, mark.id) < 0;
    if (head && (!last || last.seq < head.seq)) {
      const missing = head.seq - (last?.seq ?? 0);
      problems.push(
        `the chain ends at seq ${last?.seq ?? 0} but its head (written with the last append) is seq ${head.seq}, ` +
          `hash ${head.hash}: ${missing} ${missing === 1 ? 'record is' : 'records are'} missing from the tail`,
      );
    } else if (head && last && last.seq === head.seq && last.hash !== head.hash) {
      problems.push(
        `the last record (seq ${last.seq}) is not the head written with the last append (hash ${head.hash})`,
      );
    }
    let cursor = '0';
    const pattern = `${this.keys.prefix}:events:*`;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const gone = (await this.redis.lrange(key, 0, -1)).filter((id) => !ids.has(id) && !trimmedAway(id));
        if (gone.length > 0) {
          const requestId = key.slice(pattern.length - 1);
          problems.push(
            `request ${requestId}: ${gone.length} of its audit records (stream IDs ${gone.join(', ')}) are missing from the chain`,
          );
        }
      }
    } while (cursor !== '0');
    return problems;
  }

  private async *readFrom(start: string): AsyncIterable<AuditRecord> {
    for await (const [, record] of this.entriesFrom(start)) yield record;
  }

  private async *entriesFrom(start: string): AsyncIterable<[string, AuditRecord]> {
    let cursor = start;
    for (;;) {
      const page = (await this.redis.xrange(
        this.keys.auditStream,
        cursor,
        '+',
        'COUNT',
        this.pageSize,
      )) as StreamEntry[];
      for (const [id, fields] of page) yield [id, auditEntry.parse(id, fields)];
      const last = page[page.length - 1];
      if (!last || page.length < this.pageSize) return;
      cursor = `(${last[0]}`;
    }
  }
}

function compareStreamIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}
