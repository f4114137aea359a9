import type { Redis } from 'ioredis';
import type { AuditRecord } from '../../core/audit/audit-record.ts';
import {
  advanceCursorScript,
  holdLeaseScript,
  raiseCheckpointScript,
  releaseLeaseScript,
  trimStreamScript,
} from './audit-delivery-scripts.ts';
import { auditEntry } from './audit-entry.ts';
import { storeKeys, type StoreKeys } from './keys.ts';

/** How far one destination acknowledged: the seq and stream ID of the last record it took. */
export interface DeliveryCursor {
  readonly seq: number;
  readonly id: string;
}

/** An audit record with the ID of its stream entry, which a cursor points at. */
export interface StreamedRecord {
  readonly id: string;
  readonly record: AuditRecord;
}

/** The state shared by every replica that delivers the audit chain: leases, cursors, the checkpoint and trimming. */
export interface AuditDeliveryState {
  hold(destination: string, token: string, ttlMs: number): Promise<boolean>;
  release(destination: string, token: string): Promise<void>;
  cursor(destination: string): Promise<DeliveryCursor | undefined>;
  readAfter(cursor: DeliveryCursor | undefined, count: number): Promise<StreamedRecord[]>;
  advance(destination: string, token: string, to: StreamedRecord): Promise<boolean>;
  checkpointSeq(): Promise<number | undefined>;
  recordCheckpoint(record: AuditRecord): Promise<void>;
  trimBefore(seq: number): Promise<number>;
}

type StreamEntry = [id: string, fields: string[]];

/**
 * The audit sink's delivery state in Redis, beside the audit stream it reads: one
 * lease per destination (so one replica at a time ships to it), one cursor per
 * destination (moved only by the lease holder, only forward), the last logged
 * checkpoint, and trimming: {@link trimBefore} removes the stream's entries before a
 * record in one script that also writes where the chain now starts
 * (`<prefix>:audit:trimmed`), which `audit check` reads. The caller owns the connection.
 */
export class RedisAuditDelivery implements AuditDeliveryState {
  private readonly redis: Redis;
  private readonly keys: StoreKeys;

  constructor(redis: Redis, keyPrefix: string) {
    this.redis = redis;
    this.keys = storeKeys(keyPrefix);
  }

  /** Takes or renews the lease on `destination` for `ttlMs`; false while another replica holds it. */
  async hold(destination: string, token: string, ttlMs: number): Promise<boolean> {
    const reply = await holdLeaseScript.run(
      this.redis,
      [this.keys.auditSinkLease(destination)],
      [token, ttlMs],
    );
    return reply === 1;
  }

  /** Gives up the lease on `destination` if `token` holds it, so another replica takes over at once. */
  async release(destination: string, token: string): Promise<void> {
    await releaseLeaseScript.run(this.redis, [this.keys.auditSinkLease(destination)], [token]);
  }

  /** The last record `destination` acknowledged, or undefined before its first. */
  async cursor(destination: string): Promise<DeliveryCursor | undefined> {
    const [seq, id] = await this.redis.hmget(this.keys.auditSinkCursor(destination), 'seq', 'id');
    return seq && id ? { seq: Number(seq), id } : undefined;
  }

  /** Up to `count` records after `cursor` in chain order (from the stream's start when undefined). */
  async readAfter(cursor: DeliveryCursor | undefined, count: number): Promise<StreamedRecord[]> {
    const page = (await this.redis.xrange(
      this.keys.auditStream,
      cursor ? `(${cursor.id}` : '-',
      '+',
      'COUNT',
      count,
    )) as StreamEntry[];
    return page.map(([id, fields]) => ({ id, record: auditEntry.parse(id, fields) }));
  }

  /** Moves the cursor of `destination` to `to`; false (nothing moved) when `token` lost the lease. */
  async advance(destination: string, token: string, to: StreamedRecord): Promise<boolean> {
    const reply = await advanceCursorScript.run(
      this.redis,
      [this.keys.auditSinkLease(destination), this.keys.auditSinkCursor(destination)],
      [token, to.record.seq, to.id],
    );
    return reply === 1;
  }

  /** The seq of the last audit checkpoint logged, or undefined before the first. */
  async checkpointSeq(): Promise<number | undefined> {
    const seq = await this.redis.hget(this.keys.auditCheckpoint, 'seq');
    return seq ? Number(seq) : undefined;
  }

  /** Notes that a checkpoint at `record` was logged (never lowers the one noted). */
  async recordCheckpoint(record: AuditRecord): Promise<void> {
    await raiseCheckpointScript.run(this.redis, [this.keys.auditCheckpoint], [record.seq, record.hash]);
  }

  /**
   * Removes every stream entry before the record with `seq`, which stays as the
   * chain's first; replies how many were removed (0 when `seq` is not in the stream,
   * or the stream already starts there or later).
   */
  async trimBefore(seq: number): Promise<number> {
    const first = (await this.redis.xrange(this.keys.auditStream, '-', '+', 'COUNT', 1)) as StreamEntry[];
    const head = first[0];
    if (!head) return 0;
    const firstSeq = auditEntry.parse(head[0], head[1]).seq;
    if (seq <= firstSeq) return 0;
    const page = (await this.redis.xrange(
      this.keys.auditStream,
      head[0],
      '+',
      'COUNT',
      seq - firstSeq + 1,
    )) as StreamEntry[];
    const target = page.at(-1);
    if (!target) return 0;
    const record = auditEntry.parse(target[0], target[1]);
    if (record.seq !== seq) return 0;
    const removed = await trimStreamScript.run(
      this.redis,
      [this.keys.auditStream, this.keys.auditTrimmed],
      [target[0], seq, record.prevHash],
    );
    return Number(removed);
  }
}
