import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { storeKeys } from '../../../src/adapters/store/keys.ts';
import { RedisAuditSink } from '../../../src/adapters/store/redis-audit-sink.ts';
import { RedisRequestStore } from '../../../src/adapters/store/redis-request-store.ts';
import type { AuditRecord } from '../../../src/core/audit/audit-record.ts';
import { GENESIS_HASH } from '../../../src/core/audit/audit-record.ts';
import { appendToChain } from '../../../src/core/audit/chain.ts';
import { verifyChain, verifyChainAsync } from '../../../src/core/audit/verify-chain.ts';
import { freshPrefix, markerEvents, pendingScale, redisPerFile } from './fixtures.ts';

let redis: Redis;
redisPerFile((connection) => (redis = connection));

async function collect(source: AsyncIterable<AuditRecord>): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for await (const record of source) records.push(record);
  return records;
}

describe('RedisAuditSink', () => {
  test('append links events after the head and returns exactly the records it stored', async () => {
    const sink = new RedisAuditSink(redis, { keyPrefix: freshPrefix() });
    assert.deepEqual(await collect(sink.readAll()), []);
    assert.equal(await sink.head(), undefined);
    assert.deepEqual(await sink.append([]), []);

    const events = markerEvents('req-a', 3);
    const written = await sink.append(events);
    let expected: AuditRecord | undefined;
    const chained = events.map((event) => (expected = appendToChain(expected, event)));
    assert.deepEqual(written, chained, 'the same records appendToChain computes from genesis');
    assert.equal(written[0]?.prevHash, GENESIS_HASH);
    assert.deepEqual(await collect(sink.readAll()), written);
    assert.deepEqual(await sink.head(), written[2]);
  });

  test('a second sink on the same keys, that never saw the head, continues the chain', async () => {
    const prefix = freshPrefix();
    const first = new RedisAuditSink(redis, { keyPrefix: prefix });
    await first.append(markerEvents('req-1', 4));
    const late = new RedisAuditSink(redis, { keyPrefix: prefix });
    const [next] = await late.append(markerEvents('req-2', 1));
    assert.equal(next?.seq, 5);
    assert.deepEqual(verifyChain(await collect(first.readAll())), {
      ok: true,
      count: 5,
      headHash: next?.hash,
    });
  });

  test('request writes and sink appends extend one chain, read back in pages, that verifies', async () => {
    const prefix = freshPrefix();
    const sink = new RedisAuditSink(redis, { keyPrefix: prefix, pageSize: 7 });
    const store = new RedisRequestStore(redis, { keyPrefix: prefix });
    for (let i = 0; i < 20; i += 1) {
      const filed = pendingScale(`req-${i}`);
      assert.equal(await store.create(filed.record, filed.events), true);
      await sink.append(markerEvents(`extra-${i}`, 1));
    }
    const records = await collect(sink.readAll());
    assert.equal(records.length, 60);
    assert.deepEqual(
      records.map((r) => r.seq),
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
    assert.deepEqual(await verifyChainAsync(sink.readAll()), {
      ok: true,
      count: 60,
      headHash: records[59]?.hash,
    });
  });

  test('an edited stream entry fails verification at that record', async () => {
    const prefix = freshPrefix();
    const sink = new RedisAuditSink(redis, { keyPrefix: prefix });
    await sink.append(markerEvents('req-e', 5));
    const stream = storeKeys(prefix).auditStream;
    const entries = (await redis.xrange(stream, '-', '+')) as [string, string[]][];
    await redis.del(stream);
    for (const [position, [, fields]] of entries.entries()) {
      const eventIndex = fields.indexOf('event') + 1;
      const edited = fields.map((value, i) =>
        position === 2 && i === eventIndex ? value.replace('writer-req-e', 'mallory') : value,
      );
      await redis.xadd(stream, '*', ...edited);
    }
    const verdict = await verifyChainAsync(sink.readAll());
    assert.equal(verdict.ok, false);
    assert.equal(!verdict.ok && verdict.seq, 3);
    assert.match(!verdict.ok ? verdict.problem : '', /edited/);
  });

  test('readSince yields the tail from the first record stamped at or after the time', async () => {
    const sink = new RedisAuditSink(redis, { keyPrefix: freshPrefix(), pageSize: 4 });
    const now = Date.now();
    const events = markerEvents('req-s', 10, now - 10 * 60_000).map((event, i) => ({
      ...event,
      at: new Date(now - (10 - i) * 60_000).toISOString(),
    }));
    const written = await sink.append(events);
    const since = new Date(now - 4 * 60_000).toISOString();
    assert.deepEqual(await collect(sink.readSince(since)), written.slice(6));
    assert.deepEqual(await collect(sink.readSince(new Date(now + 60_000).toISOString())), []);
    assert.deepEqual(await collect(sink.readSince('2020-01-01T00:00:00Z')), written);
    await assert.rejects(collect(sink.readSince('yesterday')), { code: 'invalid_time' });
  });
});
