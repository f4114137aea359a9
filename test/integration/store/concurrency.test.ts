import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { RedisAuditSink } from '../../../src/adapters/store/redis-audit-sink.ts';
import { RedisRequestStore } from '../../../src/adapters/store/redis-request-store.ts';
import type { AuditRecord } from '../../../src/core/audit/audit-record.ts';
import { verifyChain } from '../../../src/core/audit/verify-chain.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import { approve } from '../../../src/core/lifecycle/approve.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { connect, freshPrefix, markerEvents, MINUTE, pendingScale, T0 } from './fixtures.ts';

let server: RedisServer;
const connections: Redis[] = [];

before(async () => {
  server = await startRedis();
});

after(async () => {
  await Promise.all(connections.map((c) => c.quit()));
  await server.stop();
});

function open(count: number): Redis[] {
  const opened = Array.from({ length: count }, () => connect(server.url));
  connections.push(...opened);
  return opened;
}

async function readChain(sink: RedisAuditSink): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for await (const record of sink.readAll()) records.push(record);
  return records;
}

describe('many writers on one Redis', () => {
  test('20 compareAndSets of the same version from 20 connections: exactly one wins, only its events are audited', async () => {
    const prefix = freshPrefix();
    const [first, ...others] = open(20);
    const seed = new RedisRequestStore(first as Redis, { keyPrefix: prefix });
    const filed = pendingScale('req-race', { groups: ['sre-leads'] });
    assert.equal(await seed.create(filed.record, filed.events), true);
    // Keep the head moving from another writer too, so the CASes also meet head conflicts.
    const noise = new RedisAuditSink(first as Redis, { keyPrefix: prefix });

    const approvers: Principal[] = Array.from({ length: 20 }, (_, i) => ({
      platform: 'slack',
      platformUserId: `U${i}`,
      username: `approver-${i}@example.com`,
      groups: ['sre-leads'],
    }));
    const attempts = [first as Redis, ...others].map((connection, i) => {
      const store = new RedisRequestStore(connection, { keyPrefix: prefix });
      const step = approve(filed.record, approvers[i] as Principal, ['sre-leads'], T0 + MINUTE + i);
      return { step, won: store.compareAndSet(step.record, step.events) };
    });
    const noiseWrites = Promise.all([1, 2, 3].map((n) => noise.append(markerEvents(`noise-${n}`, 5))));
    const results = await Promise.all(attempts.map((a) => a.won));
    await noiseWrites;

    const winners = results.flatMap((won, i) => (won ? [i] : []));
    assert.equal(winners.length, 1, `exactly one winner, got ${winners.length}`);
    const winner = attempts[winners[0] as number]!;
    assert.deepEqual(await seed.get('req-race'), winner.step.record);

    const records = await readChain(new RedisAuditSink(first as Redis, { keyPrefix: prefix }));
    assert.equal(verifyChain(records).ok, true);
    const approvals = records.filter((r) => r.event.type === 'approved');
    assert.deepEqual(
      approvals.map((r) => r.event),
      JSON.parse(JSON.stringify(winner.step.events)),
      'only the winner’s approval is in the chain',
    );
    assert.equal(records.length, filed.events.length + 1 + 15);
  });

  test('3 writers appending 200 events each, concurrently, produce one unforked chain of 600', async () => {
    const prefix = freshPrefix();
    const sinks = open(3).map((connection) => new RedisAuditSink(connection, { keyPrefix: prefix }));
    const writers = sinks.map(async (sink, w) => {
      const written: AuditRecord[] = [];
      for (const event of markerEvents(`writer-${w}`, 200)) written.push(...(await sink.append([event])));
      return written;
    });
    const perWriter = await Promise.all(writers);

    const records = await readChain(sinks[0] as RedisAuditSink);
    assert.equal(records.length, 600);
    assert.deepEqual(verifyChain(records), { ok: true, count: 600, headHash: records[599]?.hash });
    assert.deepEqual(
      records.map((r) => r.seq),
      Array.from({ length: 600 }, (_, i) => i + 1),
    );
    for (const [w, written] of perWriter.entries()) {
      const mine = records.filter((r) => r.event.requestId === `writer-${w}`);
      assert.deepEqual(mine, written, `writer ${w}'s records are in the chain exactly as it was told`);
      assert.deepEqual(
        mine.map((r) => r.event.at),
        markerEvents(`writer-${w}`, 200).map((e) => e.at),
        `writer ${w}'s events keep their order`,
      );
    }
    const interleaved = records.some(
      (r, i) => i > 0 && r.event.requestId !== records[i - 1]?.event.requestId,
    );
    assert.ok(interleaved, 'the writers really ran concurrently');
  });

  test('batches stay contiguous in the chain when writers append several events at once', async () => {
    const prefix = freshPrefix();
    const sinks = open(3).map((connection) => new RedisAuditSink(connection, { keyPrefix: prefix }));
    await Promise.all(
      sinks.map(async (sink, w) => {
        for (let b = 0; b < 20; b += 1) await sink.append(markerEvents(`batch-${w}-${b}`, 3));
      }),
    );
    const records = await readChain(sinks[0] as RedisAuditSink);
    assert.equal(verifyChain(records).ok, true);
    assert.equal(records.length, 180);
    for (let i = 0; i < records.length; i += 3) {
      const ids = new Set(records.slice(i, i + 3).map((r) => r.event.requestId));
      assert.equal(ids.size, 1, `records ${i + 1}..${i + 3} come from one batch`);
    }
  });
});
