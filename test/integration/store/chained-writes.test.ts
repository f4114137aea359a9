import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { appendAuditScript } from '../../../src/adapters/store/append-audit-script.ts';
import { storeKeys } from '../../../src/adapters/store/keys.ts';
import { RedisAuditSink } from '../../../src/adapters/store/redis-audit-sink.ts';
import { RedisRequestStore } from '../../../src/adapters/store/redis-request-store.ts';
import { writeRequestScript } from '../../../src/adapters/store/write-request-script.ts';
import type { AuditRecord } from '../../../src/core/audit/audit-record.ts';
import { verifyChainAsync } from '../../../src/core/audit/verify-chain.ts';
import { approve } from '../../../src/core/lifecycle/approve.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import { connect, freshPrefix, markerEvents, MINUTE, pendingScale, redisPerFile, T0 } from './fixtures.ts';

/**
 * The audit chain written by many chained writes at once: writes a process makes
 * while others are in flight go out together, linked after each other; a refused or
 * conflicting write sends the ones linked after it round again. Whatever happens, the
 * chain verifies and holds every applied write's records exactly once.
 */
let redis: Redis;
let url: string;
redisPerFile((connection, at) => {
  redis = connection;
  url = at;
});

type ScriptCall = (string | number)[];

/** A fresh connection whose script runs (EVALSHA) are recorded, with how many were in flight at most. */
async function recordedConnection(): Promise<{
  redis: Redis;
  calls: ScriptCall[];
  maxInFlight: () => number;
}> {
  const connection = connect(url);
  // Known to Redis beforehand, so every run is one EVALSHA.
  await connection.script('LOAD', appendAuditScript.source);
  await connection.script('LOAD', writeRequestScript.source);
  const calls: ScriptCall[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const evalsha = connection.evalsha.bind(connection) as (...args: ScriptCall) => Promise<unknown>;
  (connection as unknown as { evalsha: (...args: ScriptCall) => Promise<unknown> }).evalsha = (...args) => {
    calls.push(args);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return evalsha(...args).finally(() => (inFlight -= 1));
  };
  return { redis: connection, calls, maxInFlight: () => maxInFlight };
}

async function chain(prefix: string): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for await (const record of new RedisAuditSink(redis, { keyPrefix: prefix }).readAll()) records.push(record);
  return records;
}

function approver(i: number): Principal {
  return {
    platform: 'slack',
    platformUserId: `U${i}`,
    username: `approver-${i}@example.com`,
    groups: ['sre-leads'],
  };
}

/**
 * A request store and an audit sink on `connection`, request `id` filed through the
 * store, and two approvals of the same version of it, so the second is refused.
 */
async function filedWithTwoApprovals(connection: Redis, prefix: string, id: string) {
  const store = new RedisRequestStore(connection, { keyPrefix: prefix });
  const sink = new RedisAuditSink(connection, { keyPrefix: prefix });
  const filed = pendingScale(id);
  assert.equal(await store.create(filed.record, filed.events), true);
  const first = approve(filed.record, approver(1), ['sre-leads'], T0 + MINUTE);
  const second = approve(filed.record, approver(2), ['sre-leads'], T0 + MINUTE + 1);
  return { store, sink, filed, first, second };
}

/** Chain records as comparable text: the event with its place in the chain. */
const text = (records: readonly AuditRecord[]) => records.map((r) => JSON.stringify(r));

describe('chained writes in flight together', () => {
  test('a request store and an audit sink on one connection write together, without meeting each other as head conflicts', async () => {
    const prefix = freshPrefix();
    const { redis: connection, calls, maxInFlight } = await recordedConnection();
    try {
      const store = new RedisRequestStore(connection, { keyPrefix: prefix });
      const sink = new RedisAuditSink(connection, { keyPrefix: prefix });
      const filed = Array.from({ length: 10 }, (_, i) => pendingScale(`req-${i}`));
      const [created, appended] = await Promise.all([
        Promise.all(filed.map((f) => store.create(f.record, f.events))),
        Promise.all(Array.from({ length: 10 }, (_, i) => sink.append(markerEvents(`note-${i}`, 2)))),
      ]);
      assert.deepEqual(created, Array(10).fill(true));
      assert.equal(calls.length, 20, 'each write ran its script once: no head conflict, nothing sent twice');
      assert.equal(maxInFlight(), 20, 'the 20 writes were in flight together');

      const records = await chain(prefix);
      assert.equal(
        (await verifyChainAsync(new RedisAuditSink(redis, { keyPrefix: prefix }).readAll())).ok,
        true,
      );
      const eventsPerFiling = filed[0]!.events.length;
      assert.equal(records.length, 10 * eventsPerFiling + 20);
      for (const written of appended) {
        assert.deepEqual(
          text(records.filter((r) => r.event.requestId === written[0]?.event.requestId)),
          text(written),
        );
      }
    } finally {
      await connection.quit();
    }
  });

  test('writes linked after a refused one are linked again and written once each', async () => {
    const prefix = freshPrefix();
    const { redis: connection, calls } = await recordedConnection();
    try {
      const { store, sink, filed, first, second } = await filedWithTwoApprovals(connection, prefix, 'req-r');
      calls.length = 0;
      // One batch: the first approval wins, the second (same version) is refused, and
      // the appends behind it were linked after records that never reach the chain.
      const [won, refused, ...appended] = await Promise.all([
        store.compareAndSet(first.record, first.events),
        store.compareAndSet(second.record, second.events),
        ...Array.from({ length: 5 }, (_, i) => sink.append(markerEvents(`after-${i}`, 3))),
      ]);
      assert.equal(won, true);
      assert.equal(refused, false);
      assert.ok(
        calls.length > 7,
        `the appends behind the refused write were sent again (${calls.length} runs)`,
      );

      const records = await chain(prefix);
      assert.deepEqual(await verifyChainAsync(new RedisAuditSink(redis, { keyPrefix: prefix }).readAll()), {
        ok: true,
        count: filed.events.length + first.events.length + 15,
        headHash: records.at(-1)?.hash,
      });
      assert.deepEqual(
        records.filter((r) => r.event.type === 'approved').map((r) => r.event),
        JSON.parse(JSON.stringify(first.events.filter((e) => e.type === 'approved'))),
        'only the winning approval is audited',
      );
      for (const written of appended) {
        assert.equal(written.length, 3);
        assert.deepEqual(
          text(records.filter((r) => r.event.requestId === written[0]?.event.requestId)),
          text(written),
          'each append is in the chain once, exactly as returned',
        );
      }
      assert.deepEqual(await new RedisAuditSink(redis, { keyPrefix: prefix }).missingRecords(), []);
    } finally {
      await connection.quit();
    }
  });

  test('a script resent after its write applied, or after a later attempt of it applied, changes nothing', async () => {
    const prefix = freshPrefix();
    const { redis: connection, calls } = await recordedConnection();
    try {
      const { store, sink, first, second } = await filedWithTwoApprovals(connection, prefix, 'req-x');
      await Promise.all([
        store.compareAndSet(first.record, first.events),
        store.compareAndSet(second.record, second.events),
        sink.append(markerEvents('resent', 2)),
        sink.append(markerEvents('resent-too', 2)),
      ]);
      const before = await chain(prefix);
      const head = await redis.hgetall(storeKeys(prefix).auditHead);
      // The filing; the two approvals and two appends in one batch, the appends linked
      // after the refused approval; the two appends again.
      const replays = [...calls];
      assert.equal(replays.length, 7);

      const replies: unknown[][] = [];
      for (const [sha, count, ...rest] of replays) {
        replies.push((await redis.evalsha(String(sha), Number(count), ...rest)) as unknown[]);
      }
      assert.deepEqual(
        replies.map((reply) => reply[0]),
        [1, 1, 0, 1, 1, 1, 1],
        'an applied write answers "applied" again; the refused one is still refused; none is a head conflict',
      );
      assert.deepEqual(text(await chain(prefix)), text(before), 'the chain did not change');
      assert.deepEqual(await redis.hgetall(storeKeys(prefix).auditHead), head);
    } finally {
      await connection.quit();
    }
  });

  test('audit_contention after maxAttempts conflicts, charged only to the write that met them', async () => {
    const prefix = freshPrefix();
    const connection = connect(url);
    try {
      const other = new RedisAuditSink(redis, { keyPrefix: prefix });
      await other.append(markerEvents('elsewhere', 1));
      // This sink never saw that head, and gives up at the first conflict.
      const sink = new RedisAuditSink(connection, { keyPrefix: prefix, retry: { maxAttempts: 1 } });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 4 }, (_, i) => sink.append(markerEvents(`try-${i}`, 1))),
      );
      const [first] = outcomes;
      assert.equal(first?.status, 'rejected');
      assert.equal((first.reason as { code?: string }).code, 'audit_contention');
      assert.deepEqual(
        outcomes.slice(1).map((o) => o.status),
        ['fulfilled', 'fulfilled', 'fulfilled'],
        'the writes linked after it were not charged its conflict',
      );
      const records = await chain(prefix);
      assert.deepEqual(
        records.map((r) => r.event.requestId),
        ['elsewhere', 'try-1', 'try-2', 'try-3'],
      );
      assert.equal(
        (await verifyChainAsync(new RedisAuditSink(redis, { keyPrefix: prefix }).readAll())).ok,
        true,
      );
    } finally {
      await connection.quit();
    }
  });

  test('three processes filing, approving the same requests and appending at once keep one chain with every write once', async () => {
    const prefix = freshPrefix();
    const seeded = Array.from({ length: 12 }, (_, i) => pendingScale(`req-${i}`));
    const seed = new RedisRequestStore(redis, { keyPrefix: prefix });
    for (const f of seeded) assert.equal(await seed.create(f.record, f.events), true);
    const processes = Array.from({ length: 3 }, () => connect(url));
    try {
      const runs = processes.map(async (connection, p) => {
        const store = new RedisRequestStore(connection, { keyPrefix: prefix });
        const sink = new RedisAuditSink(connection, { keyPrefix: prefix });
        const approvals = seeded.map((f, i) => {
          const step = approve(f.record, approver(10 * p + i), ['sre-leads'], T0 + MINUTE + p);
          return store
            .compareAndSet(step.record, step.events)
            .then((won) => ({ id: f.record.id, won, step }));
        });
        const filings = Array.from({ length: 6 }, (_, i) => {
          const f = pendingScale(`new-${p}-${i}`);
          return store.create(f.record, f.events).then((created) => ({ created, f }));
        });
        const notes = Array.from({ length: 8 }, (_, i) =>
          sink.append(markerEvents(`note-${p}-${i}`, 1 + (i % 3))),
        );
        return {
          approvals: await Promise.all(approvals),
          filings: await Promise.all(filings),
          notes: await Promise.all(notes),
        };
      });
      const results = await Promise.all(runs);

      const records = await chain(prefix);
      const sink = new RedisAuditSink(redis, { keyPrefix: prefix });
      assert.deepEqual(await verifyChainAsync(sink.readAll()), {
        ok: true,
        count: records.length,
        headHash: records.at(-1)?.hash,
      });
      assert.deepEqual(await sink.missingRecords(), []);
      const winners = results.flatMap((r) => r.approvals.filter((a) => a.won));
      assert.deepEqual(
        winners.map((w) => w.id).sort(),
        seeded.map((f) => f.record.id).sort(),
        'one approval won per request',
      );
      const filed = results.flatMap((r) => r.filings);
      assert.ok(filed.every((f) => f.created));
      const notes = results.flatMap((r) => r.notes);
      const expected =
        seeded.reduce((n, f) => n + f.events.length, 0) +
        winners.reduce((n, w) => n + w.step.events.length, 0) +
        filed.reduce((n, f) => n + f.f.events.length, 0) +
        notes.reduce((n, written) => n + written.length, 0);
      assert.equal(records.length, expected, 'every applied write’s records, and nothing else');
      assert.equal(new Set(records.map((r) => r.hash)).size, records.length);
      for (const written of notes) {
        assert.deepEqual(
          text(records.filter((r) => r.event.requestId === written[0]?.event.requestId)),
          text(written),
        );
      }
      for (const id of [...seeded.map((f) => f.record.id), ...filed.map((f) => f.f.record.id)]) {
        const mine = records.filter((r) => r.event.requestId === id);
        assert.deepEqual(
          text(await seed.listEvents(id)),
          text(mine),
          `${id}: its event list is its chain records`,
        );
      }
      for (const w of winners) {
        assert.deepEqual(
          records
            .filter((r) => r.event.requestId === w.id && r.event.type === 'approved')
            .map((r) => r.event),
          JSON.parse(JSON.stringify(w.step.events.filter((e) => e.type === 'approved'))),
          `${w.id}: only the winning approval is audited`,
        );
      }
    } finally {
      await Promise.all(processes.map((c) => c.quit()));
    }
  });
});
