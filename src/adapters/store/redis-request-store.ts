import type { Redis } from 'ioredis';
import type { AuditEvent } from '../../core/audit/audit-event.ts';
import type { AuditRecord } from '../../core/audit/audit-record.ts';
import { CountersignError } from '../../core/errors.ts';
import type { RequestRecord } from '../../core/lifecycle/request-record.ts';
import type { ClaimOutcome } from '../../core/ports/message-ledger-store.ts';
import type { MessageRef, MessageSlot } from '../../core/ports/message-ref.ts';
import {
  NOTIFIED_VERSION_TTL_SECONDS,
  type GrantPage,
  type RequestStore,
} from '../../core/ports/request-store.ts';
import { auditEntry } from './audit-entry.ts';
import { chainedWriterFor, type ChainedWriter, type ChainRetryOptions } from './chained-writer.ts';
import { indexPlacement, isFinal } from './index-placement.ts';
import { storeKeys, type StoreKeys } from './keys.ts';
import { LuaScript } from './lua-script.ts';
import { recordCodec } from './record-codec.ts';
import { RedisMessageLedgerStore } from './redis-message-ledger-store.ts';
import { writeRequestScript } from './write-request-script.ts';

/** Settings of a {@link RedisRequestStore}. */
export interface RedisRequestStoreOptions {
  /** Prefix of every key (`REDIS_KEY_PREFIX`), e.g. `cs` gives `cs:req:<id>`. */
  readonly keyPrefix: string;
  readonly retry?: ChainRetryOptions;
}

const MGET_CHUNK = 500;

/** Sets the notified version (KEYS[1]) to ARGV[1] unless it already holds a higher one, expiring in ARGV[2] s. */
const raiseNotifiedScript = new LuaScript(`
local stored = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > stored then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return 1
`);

/**
 * {@link RequestStore} on Redis. A record is JSON under `<prefix>:req:<id>`; each
 * create or compare-and-set is one Lua script that checks the stored version, writes
 * the record, moves it between the indexes (open per requester, pending per approver
 * group, pending by next timer, active grants by expiry, break-glass runs awaiting review) and appends its
 * audit events to the shared chain, so any number of replicas may write at once. Each request keeps the stream IDs of its
 * audit records, so its events are read without scanning the chain. Lists read an
 * index and then the records, keeping only those still matching, so a record changed
 * in between is never misfiled. Chat messages are kept by a
 * {@link RedisMessageLedgerStore} on the same connection. The caller owns the connection.
 */
export class RedisRequestStore implements RequestStore {
  private readonly redis: Redis;
  private readonly keys: StoreKeys;
  private readonly writer: ChainedWriter;
  private readonly messages: RedisMessageLedgerStore;

  constructor(redis: Redis, options: RedisRequestStoreOptions) {
    this.redis = redis;
    this.keys = storeKeys(options.keyPrefix);
    this.writer = chainedWriterFor(redis, this.keys, options.retry);
    this.messages = new RedisMessageLedgerStore(redis, this.keys);
  }

  async create(record: RequestRecord, events: readonly AuditEvent[]): Promise<boolean> {
    if (record.version !== 1) {
      throw new CountersignError(
        'store_bad_version',
        `a new request must have version 1, not ${record.version}`,
      );
    }
    return this.write(record, events, 0);
  }

  async get(id: string): Promise<RequestRecord | undefined> {
    const key = this.keys.request(id);
    const text = await this.redis.get(key);
    return text === null ? undefined : recordCodec.decode(text, key);
  }

  async compareAndSet(next: RequestRecord, events: readonly AuditEvent[]): Promise<boolean> {
    return this.write(next, events, next.version - 1);
  }

  async listOpenByRequester(username: string): Promise<RequestRecord[]> {
    const ids = await this.redis.zrevrange(this.keys.openByRequester(username), 0, -1);
    const records = await this.fetch(ids);
    return records.filter((record) => !isFinal(record));
  }

  async listPendingForGroups(groups: readonly string[]): Promise<RequestRecord[]> {
    const unique = [...new Set(groups)];
    if (unique.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const group of unique) pipeline.zrange(this.keys.pendingForGroup(group), 0, '-1', 'WITHSCORES');
    const replies = (await pipeline.exec()) ?? [];
    const scores = new Map<string, number>();
    for (const [error, reply] of replies) {
      if (error) throw error;
      const flat = reply as string[];
      for (let i = 0; i + 1 < flat.length; i += 2) scores.set(flat[i] as string, Number(flat[i + 1]));
    }
    const ids = [...scores.keys()].sort(
      (a, b) => (scores.get(a) as number) - (scores.get(b) as number) || cmp(a, b),
    );
    const records = await this.fetch(ids);
    return records.filter((record) => record.state === 'pending');
  }

  async listInFlightSince(before: number): Promise<RequestRecord[]> {
    const ids = await this.redis.zrangebyscore(this.keys.inFlight, '-inf', `(${before}`);
    const records = await this.fetch(ids);
    return records.filter((record) => ['approved', 'queued', 'executing'].includes(record.state));
  }

  async listPendingDue(before: number): Promise<RequestRecord[]> {
    const ids = await this.redis.zrangebyscore(this.keys.pendingDue, '-inf', before);
    const records = await this.fetch(ids);
    return records.filter((record) => record.state === 'pending');
  }

  async countActiveGrants(): Promise<number> {
    return this.redis.zcard(this.keys.activeGrants);
  }

  async listActiveGrants(): Promise<RequestRecord[]> {
    const ids = await this.redis.zrange(this.keys.activeGrants, 0, '-1');
    const records = await this.fetch(ids);
    return records.filter((record) => record.state === 'active');
  }

  /**
   * Reads the expiry index by score, one page at a time. The cursor is the last
   * score and ID returned and how many IDs at that score were returned so far: ties
   * are ordered by ID in Redis, so the next read starts at that score, fetches that
   * many more, and drops IDs up to the last one.
   */
  async listGrantsDueBy(by: number, limit: number, cursor?: string): Promise<GrantPage> {
    const after = cursor === undefined ? undefined : parseGrantCursor(cursor);
    const fetchCount = limit + (after?.ties ?? 0);
    const flat = await this.redis.zrangebyscore(
      this.keys.activeGrants,
      after ? String(after.score) : '-inf',
      String(by),
      'WITHSCORES',
      'LIMIT',
      0,
      fetchCount,
    );
    const entries: { id: string; score: number }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const id = flat[i] as string;
      const score = Number(flat[i + 1]);
      if (!after || score > after.score || (score === after.score && id > after.id))
        entries.push({ id, score });
    }
    const page = entries.slice(0, limit);
    const records = (await this.fetch(page.map((e) => e.id))).filter((record) => record.state === 'active');
    const last = page.at(-1);
    if (!last || flat.length / 2 < fetchCount) return { records };
    const ties =
      page.filter((e) => e.score === last.score).length +
      (after && after.score === last.score ? after.ties : 0);
    return { records, next: `${last.score} ${ties} ${last.id}` };
  }

  async listUnreviewedBreakGlass(): Promise<RequestRecord[]> {
    const ids = await this.redis.zrange(this.keys.unreviewedBreakGlass, 0, '-1');
    const records = await this.fetch(ids);
    return records.filter(
      (record) => record.breakGlass !== undefined && record.breakGlass.review === undefined,
    );
  }

  async countUnreviewedBreakGlass(): Promise<number> {
    return this.redis.zcard(this.keys.unreviewedBreakGlass);
  }

  claimMessage(
    requestId: string,
    slot: MessageSlot,
    claim: { readonly token: string; readonly at: number; readonly staleBefore: number },
  ): Promise<ClaimOutcome> {
    return this.messages.claimMessage(requestId, slot, claim);
  }

  recordMessage(requestId: string, slot: MessageSlot, messageId: string): Promise<string> {
    return this.messages.recordMessage(requestId, slot, messageId);
  }

  listMessages(requestId: string): Promise<MessageRef[]> {
    return this.messages.listMessages(requestId);
  }

  async listEvents(requestId: string): Promise<AuditRecord[]> {
    const ids = await this.redis.lrange(this.keys.events(requestId), 0, -1);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.xrange(this.keys.auditStream, id, id);
    const records: AuditRecord[] = [];
    for (const [error, reply] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      for (const [id, fields] of reply as [string, string[]][]) records.push(auditEntry.parse(id, fields));
    }
    return records;
  }

  async notifiedVersion(requestId: string): Promise<number> {
    const text = await this.redis.get(this.keys.notified(requestId));
    return text === null ? 0 : Number(text);
  }

  async markNotified(requestId: string, version: number): Promise<void> {
    await raiseNotifiedScript.run(
      this.redis,
      [this.keys.notified(requestId)],
      [version, NOTIFIED_VERSION_TTL_SECONDS],
    );
  }

  private async write(
    record: RequestRecord,
    events: readonly AuditEvent[],
    expectedVersion: number,
  ): Promise<boolean> {
    const placement = indexPlacement(record);
    const ownKeys = [
      this.keys.request(record.id),
      this.keys.openByRequester(record.requester.username),
      this.keys.activeGrants,
      this.keys.unreviewedBreakGlass,
      this.keys.inFlight,
      this.keys.pendingDue,
      ...placement.approverGroups.map((group) => this.keys.pendingForGroup(group)),
    ];
    const ownArgs = [
      expectedVersion,
      recordCodec.encode(record),
      record.id,
      placement.open ?? '',
      placement.pending ?? '',
      placement.active ?? '',
      placement.unreviewedBreakGlass ?? '',
      placement.inFlight ?? '',
      placement.pendingDue ?? '',
    ];
    const outcome = await this.writer.write(writeRequestScript, ownKeys, ownArgs, events);
    return outcome.applied;
  }

  /** The records of `ids` in the same order, skipping any deleted since the index was read. */
  private async fetch(ids: readonly string[]): Promise<RequestRecord[]> {
    const records: RequestRecord[] = [];
    for (let start = 0; start < ids.length; start += MGET_CHUNK) {
      const keys = ids.slice(start, start + MGET_CHUNK).map((id) => this.keys.request(id));
      const texts = await this.redis.mget(...keys);
      texts.forEach((text, i) => {
        if (text !== null) records.push(recordCodec.decode(text, keys[i] as string));
      });
    }
    return records;
  }
}

function parseGrantCursor(cursor: string): { score: number; ties: number; id: string } {
  const [score, ties, id] = cursor.split(' ');
  if (id === undefined || !Number.isFinite(Number(score)) || !Number.isInteger(Number(ties)))
    throw new Error(`not a grant page cursor: "${cursor}"`);
  return { score: Number(score), ties: Number(ties), id };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
