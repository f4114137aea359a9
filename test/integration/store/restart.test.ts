import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { RedisAuditSink } from '../../../src/adapters/store/redis-audit-sink.ts';
import { RedisRequestStore } from '../../../src/adapters/store/redis-request-store.ts';
import type { AuditRecord } from '../../../src/core/audit/audit-record.ts';
import { verifyChain } from '../../../src/core/audit/verify-chain.ts';
import { activateGrant } from '../../../src/core/lifecycle/activate-grant.ts';
import { approve } from '../../../src/core/lifecycle/approve.ts';
import { enqueue } from '../../../src/core/lifecycle/enqueue.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import { startExecution } from '../../../src/core/lifecycle/start-execution.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import {
  advance,
  alice,
  autoApprovedAccess,
  bob,
  connect,
  freshPrefix,
  markerEvents,
  MINUTE,
  pendingScale,
  T0,
} from './fixtures.ts';

let server: RedisServer;
let redis: Redis;

before(async () => {
  server = await startRedis({ appendOnly: true });
  redis = connect(server.url);
});

after(async () => {
  await redis.quit();
  await server.stop();
});

async function collect(source: AsyncIterable<AuditRecord>): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for await (const record of source) records.push(record);
  return records;
}

/** Everything the store can be asked, so a test can compare before and after a restart. */
async function snapshot(store: RedisRequestStore, sink: RedisAuditSink, ids: readonly string[]) {
  return {
    records: await Promise.all(ids.map((id) => store.get(id))),
    open: (await store.listOpenByRequester(alice.username)).map((r) => r.id),
    pending: (await store.listPendingForGroups(['sre-leads', 'security'])).map((r) => r.id),
    active: (await store.listActiveGrants()).map((r) => r.id),
    messages: await store.listMessages(ids[0] as string),
    chain: await collect(sink.readAll()),
  };
}

/** Files three requests: one pending, one approved, one an active grant; and posts a message. */
async function populate(store: RedisRequestStore): Promise<{ ids: string[]; pending: RequestRecord }> {
  const pending = pendingScale('r-pending', { groups: ['sre-leads', 'security'], at: T0 });
  await store.create(pending.record, pending.events);
  const toApprove = pendingScale('r-approved', { at: T0 + MINUTE });
  await store.create(toApprove.record, toApprove.events);
  await advance(store, approve(toApprove.record, bob, ['sre-leads'], T0 + 2 * MINUTE));
  const access = autoApprovedAccess('r-grant', 3600, T0 + 3 * MINUTE);
  await store.create(access.record, access.events);
  let grant = await advance(store, enqueue(access.record, T0 + 4 * MINUTE));
  grant = await advance(store, startExecution(grant, T0 + 5 * MINUTE));
  await advance(store, activateGrant(grant, T0 + 6 * MINUTE, 'countersign-r-grant'));
  await store.recordMessage(
    'r-pending',
    { platform: 'slack', channel: 'C01', role: 'approval-card', key: '' },
    '1.2',
  );
  return { ids: ['r-pending', 'r-approved', 'r-grant'], pending: pending.record };
}

describe('durability with AOF', () => {
  test('after a graceful restart, records, indexes, messages and the audit chain are all still there', async () => {
    const prefix = freshPrefix();
    const store = new RedisRequestStore(redis, { keyPrefix: prefix });
    const sink = new RedisAuditSink(redis, { keyPrefix: prefix });
    const { ids, pending } = await populate(store);
    const before = await snapshot(store, sink, ids);
    assert.deepEqual(before.pending, ['r-pending']);
    assert.deepEqual(before.active, ['r-grant']);
    assert.equal(before.chain.length, 9);

    await server.restart();

    assert.deepEqual(await snapshot(store, sink, ids), before, 'the connected client reads the same state');
    const fresh = connect(server.url);
    try {
      const other = new RedisRequestStore(fresh, { keyPrefix: prefix });
      const otherSink = new RedisAuditSink(fresh, { keyPrefix: prefix });
      assert.deepEqual(await snapshot(other, otherSink, ids), before, 'a new client reads the same state');
    } finally {
      await fresh.quit();
    }
    await advance(store, approve(pending, bob, ['sre-leads'], T0 + 10 * MINUTE));
    const chain = await collect(sink.readAll());
    assert.deepEqual(verifyChain(chain), { ok: true, count: 10, headHash: chain[9]?.hash });
  });

  test('commands issued while Redis is down (killed) complete once it is back, and nothing is lost', async () => {
    const prefix = freshPrefix();
    const store = new RedisRequestStore(redis, { keyPrefix: prefix });
    const sink = new RedisAuditSink(redis, { keyPrefix: prefix });
    const { ids, pending } = await populate(store);
    const before = await snapshot(store, sink, ids);

    await server.kill();
    let settled = 0;
    const track = <T>(promise: Promise<T>): Promise<T> => promise.finally(() => (settled += 1));
    const approved = approve(pending, bob, ['sre-leads'], T0 + 10 * MINUTE);
    const whileDown = {
      cas: track(store.compareAndSet(approved.record, approved.events)),
      appended: track(sink.append(markerEvents('while-down', 2))),
      read: track(store.get('r-approved')),
    };
    await sleep(500);
    assert.equal(settled, 0, 'nothing completes while Redis is down');

    await server.restart();
    assert.equal(await whileDown.cas, true);
    assert.equal((await whileDown.appended).length, 2);
    assert.deepEqual(await whileDown.read, before.records[1]);

    const after = await snapshot(store, sink, ids);
    assert.deepEqual(after.records[0], approved.record);
    assert.deepEqual(after.pending, []);
    assert.deepEqual(after.active, before.active);
    assert.deepEqual(
      after.chain.slice(0, before.chain.length),
      before.chain,
      'the chain before the kill survived',
    );
    assert.equal(after.chain.length, before.chain.length + approved.events.length + 2);
    assert.equal(verifyChain(after.chain).ok, true);
  });
});
