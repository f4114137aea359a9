import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { RedisAuditSink } from '../../../src/adapters/store/redis-audit-sink.ts';
import { RedisRequestStore } from '../../../src/adapters/store/redis-request-store.ts';
import { NOTIFIED_VERSION_TTL_SECONDS } from '../../../src/core/ports/request-store.ts';
import type { AuditRecord } from '../../../src/core/audit/audit-record.ts';
import { verifyChainAsync } from '../../../src/core/audit/verify-chain.ts';
import { approve } from '../../../src/core/lifecycle/approve.ts';
import { enqueue } from '../../../src/core/lifecycle/enqueue.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import {
  alice,
  bob,
  carol,
  freshPrefix,
  HOUR,
  markerEvents,
  MINUTE,
  pendingScale,
  requireApproval,
  T0,
  redisPerFile,
} from './fixtures.ts';

let redis: Redis;
redisPerFile((connection) => (redis = connection));

function fresh(): { store: RedisRequestStore; sink: RedisAuditSink; prefix: string } {
  const prefix = freshPrefix();
  return {
    store: new RedisRequestStore(redis, { keyPrefix: prefix }),
    sink: new RedisAuditSink(redis, { keyPrefix: prefix }),
    prefix,
  };
}

async function chain(sink: RedisAuditSink): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for await (const record of sink.readAll()) records.push(record);
  return records;
}

/** A record with every optional field set, nested principals and step-up evidence included. */
function everyField(): RequestRecord {
  const stepUp = {
    issuer: 'https://id.example.com',
    subject: 'b-0001',
    acr: 'mfa',
    amr: ['otp', 'pwd'],
    authTime: T0 + MINUTE,
  };
  return {
    id: 'req-full',
    version: 7,
    state: 'revoked',
    request: {
      type: 'action',
      verb: 'patch',
      patch: { spec: { paused: true, template: { metadata: { annotations: { 'a/b': 'c "quoted" ü' } } } } },
      target: {
        kind: {
          kind: 'Deployment',
          group: 'apps',
          version: 'v1',
          resource: 'deployments',
          namespaced: true,
          aliases: ['deploy', 'deployment', 'deployments'],
        },
        name: 'api',
        namespace: 'prod',
      },
      cluster: 'prod-eu',
      incident: 'INC-1',
      reason: 'line one\nline two <!channel>',
      breakGlass: true,
    },
    text: 'patch deployment/api -n prod --patch \'{"spec":{"paused":true}}\' --reason x',
    cluster: 'prod-eu',
    requester: alice,
    decision: requireApproval(['sre-leads', 'security'], {
      stepUp: true,
      breakGlassAllowed: true,
      approvalsNeeded: 2,
    }),
    target: { labels: { app: 'api', tier: 'web' }, annotations: { sensitivity: 'high' } },
    preview: ['pause api', 'no pods restart'],
    approvals: [
      { approver: bob, groups: ['sre-leads'], at: T0 + MINUTE, stepUp },
      { approver: carol, groups: ['security'], at: T0 + 2 * MINUTE },
    ],
    denial: { by: 'policy', reason: 'not really, but every field is set' },
    cancelledBy: alice,
    createdAt: T0,
    decisionDeadline: T0 + HOUR,
    timestamps: { pending: T0, approved: T0 + 2 * MINUTE, queued: T0 + 3 * MINUTE, revoked: T0 + 9 * MINUTE },
    execution: {
      attempts: 2,
      startedAt: T0 + 4 * MINUTE,
      finishedAt: T0 + 5 * MINUTE,
      error: 'timeout',
      result: 'patched api',
    },
    grant: {
      grantedAt: T0 + 5 * MINUTE,
      expiresAt: T0 + HOUR,
      bindingName: 'countersign-req-full',
      extensions: [{ by: alice, at: T0 + 6 * MINUTE, from: T0 + 30 * MINUTE, to: T0 + HOUR }],
      revokedBy: bob,
      endedAt: T0 + 9 * MINUTE,
    },
    incident: 'INC-1',
    breakGlass: { at: T0, incident: 'INC-1' },
  } as unknown as RequestRecord;
}

describe('RedisRequestStore', () => {
  test('create then get returns an equal record, and the events start the audit chain', async () => {
    const { store, sink, prefix } = fresh();
    const filed = pendingScale('req-1');
    assert.equal(await store.create(filed.record, filed.events), true);
    assert.deepEqual(await store.get('req-1'), filed.record);
    assert.equal(await store.get('req-unknown'), undefined);
    assert.ok(await redis.exists(`${prefix}:req:req-1`), 'record under <prefix>:req:<id>');
    const records = await chain(sink);
    assert.deepEqual(
      records.map((r) => [r.seq, r.event.type]),
      [
        [1, 'submitted'],
        [2, 'decided'],
      ],
    );
    assert.deepEqual(
      records.map((r) => r.event),
      JSON.parse(JSON.stringify(filed.events)),
    );
  });

  test('every field of a record survives the round trip, absent fields stay absent', async () => {
    const { store } = fresh();
    const full = { ...everyField(), version: 1 };
    assert.equal(await store.create(full, []), true);
    assert.deepEqual(await store.get(full.id), full);
    const sparse = pendingScale('req-sparse').record;
    const optional = new Set(['target', 'preview', 'incident']);
    const withoutOptionals = Object.fromEntries(
      Object.entries(sparse).filter(([key]) => !optional.has(key)),
    ) as unknown as RequestRecord;
    assert.equal(Object.keys(withoutOptionals).length, Object.keys(sparse).length - 3);
    assert.equal(await store.create(withoutOptionals, []), true);
    const back = await store.get('req-sparse');
    assert.deepEqual(back, withoutOptionals);
    assert.equal(back !== undefined && 'target' in back, false);
  });

  test('create refuses an ID that exists and writes nothing', async () => {
    const { store, sink } = fresh();
    const first = pendingScale('req-dup', { at: T0 });
    const second = pendingScale('req-dup', { at: T0 + MINUTE, requester: carol });
    assert.equal(await store.create(first.record, first.events), true);
    assert.equal(await store.create(second.record, second.events), false);
    assert.deepEqual(await store.get('req-dup'), first.record);
    assert.equal((await chain(sink)).length, first.events.length);
    assert.deepEqual(await store.listOpenByRequester(carol.username), []);
  });

  test('compareAndSet moves the record on one version and appends its events after the earlier ones', async () => {
    const { store, sink } = fresh();
    const filed = pendingScale('req-cas');
    await store.create(filed.record, filed.events);
    const approved = approve(filed.record, bob, ['sre-leads'], T0 + MINUTE);
    assert.equal(await store.compareAndSet(approved.record, approved.events), true);
    const queued = enqueue(approved.record, T0 + 2 * MINUTE);
    assert.equal(await store.compareAndSet(queued.record, queued.events), true);
    assert.deepEqual(await store.get('req-cas'), queued.record);
    const records = await chain(sink);
    assert.deepEqual(
      records.map((r) => r.event.type),
      ['submitted', 'decided', 'approved', 'queued'],
    );
    assert.deepEqual(await verifyChainAsync(sink.readAll()), {
      ok: true,
      count: 4,
      headHash: records[3]?.hash,
    });
  });

  test('listEvents returns one request’s audit records in chain order, however they were appended', async () => {
    const { store, sink } = fresh();
    const one = pendingScale('req-one');
    const two = pendingScale('req-two');
    await store.create(one.record, one.events);
    await store.create(two.record, two.events);
    const [noted] = await sink.append(markerEvents('req-one', 1));
    const approved = approve(one.record, bob, ['sre-leads'], T0 + MINUTE);
    await store.compareAndSet(approved.record, approved.events);
    await sink.append(markerEvents('req-two', 2));
    const late = approve(one.record, carol, ['sre-leads'], T0 + MINUTE);
    assert.equal(await store.compareAndSet(late.record, late.events), false);

    const all = await chain(sink);
    const events = await store.listEvents('req-one');
    assert.deepEqual(
      events,
      all.filter((r) => r.event.requestId === 'req-one'),
    );
    assert.deepEqual(
      events.map((r) => [r.seq, r.event.type]),
      [
        [1, 'submitted'],
        [2, 'decided'],
        [5, noted?.event.type],
        [6, 'approved'],
      ],
    );
    assert.equal((await store.listEvents('req-two')).length, 4);
    assert.deepEqual(await store.listEvents('req-none'), []);
  });

  test('compareAndSet with a stale version returns false and writes neither record nor audit', async () => {
    const { store, prefix } = fresh();
    const filed = pendingScale('req-stale');
    await store.create(filed.record, filed.events);
    const approved = approve(filed.record, bob, ['sre-leads'], T0 + MINUTE);
    await store.compareAndSet(approved.record, approved.events);
    const streamBefore = await redis.xlen(`${prefix}:audit`);
    const headBefore = await redis.hgetall(`${prefix}:audit:head`);

    const late = approve(filed.record, { ...carol, groups: ['sre-leads'] }, ['sre-leads'], T0 + 2 * MINUTE);
    assert.equal(late.record.version, approved.record.version, 'same version as the winner');
    assert.equal(await store.compareAndSet(late.record, late.events), false);
    const skipped = {
      ...enqueue(approved.record, T0 + 3 * MINUTE).record,
      version: approved.record.version + 2,
    };
    assert.equal(await store.compareAndSet(skipped, []), false, 'a version gap is a conflict too');

    assert.deepEqual(await store.get('req-stale'), approved.record);
    assert.equal(await redis.xlen(`${prefix}:audit`), streamBefore);
    assert.deepEqual(await redis.hgetall(`${prefix}:audit:head`), headBefore);
    assert.deepEqual(await store.listPendingForGroups(['sre-leads']), []);
  });

  test('compareAndSet of a request never created is a conflict', async () => {
    const { store, sink } = fresh();
    const filed = pendingScale('req-ghost');
    const approved = approve(filed.record, bob, ['sre-leads'], T0 + MINUTE);
    assert.equal(await store.compareAndSet(approved.record, approved.events), false);
    assert.equal(await store.get('req-ghost'), undefined);
    assert.equal((await chain(sink)).length, 0);
  });

  test('create insists on version 1', async () => {
    const { store } = fresh();
    const filed = pendingScale('req-v');
    await assert.rejects(store.create({ ...filed.record, version: 2 }, []), { code: 'store_bad_version' });
  });

  test('a stored value that is not a record is reported as corrupt, naming its key', async () => {
    const { store, prefix } = fresh();
    await redis.set(`${prefix}:req:bad`, '{"id":"bad","version":1,"state":"sleeping"}');
    await assert.rejects(store.get('bad'), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'store_corrupt');
      assert.match(error.message, new RegExp(`${prefix}:req:bad.*unknown state sleeping`));
      return true;
    });
  });

  test('a message slot is claimed once, filled once, and listed in the order posted', async () => {
    const { store } = fresh();
    const card = { platform: 'slack', channel: 'C01', role: 'approval-card', key: '' } as const;
    const line = { platform: 'slack', channel: 'C01', role: 'thread-line', key: 'seq:4' } as const;
    const teams = { platform: 'teams', channel: '19:x@thread', role: 'approval-card', key: '' } as const;
    const claim = (token: string, at = 1_000) => ({ token, at, staleBefore: at - 60_000 });
    assert.deepEqual(await store.claimMessage('req-m', card, claim('a')), { kind: 'won' });
    assert.deepEqual(await store.claimMessage('req-m', card, claim('b')), { kind: 'busy' });
    assert.deepEqual(
      await store.claimMessage('req-m', card, claim('a')),
      { kind: 'won' },
      'its own claim again',
    );
    const claims = await Promise.all(
      ['c', 'd', 'e'].map((t) => store.claimMessage('req-m', teams, claim(t))),
    );
    assert.deepEqual(claims.map((c) => c.kind).sort(), ['busy', 'busy', 'won'], 'one racer wins');
    assert.equal(await store.recordMessage('req-m', card, '1712345678.000100'), '1712345678.000100');
    assert.deepEqual(await store.claimMessage('req-m', card, claim('f', 500_000)), {
      kind: 'posted',
      messageId: '1712345678.000100',
    });
    assert.equal(await store.recordMessage('req-m', teams, 'act-1'), 'act-1');
    assert.deepEqual(await store.claimMessage('req-m', line, claim('g')), { kind: 'won' });
    assert.deepEqual(
      await store.claimMessage('req-m', line, claim('h', 62_000)),
      { kind: 'won' },
      'a claim older than a minute lapses',
    );
    assert.equal(await store.recordMessage('req-m', line, '1712345678.000200'), '1712345678.000200');
    assert.equal(
      await store.recordMessage('req-m', line, '1712345678.000300'),
      '1712345678.000200',
      'a late duplicate is told which message fills the slot',
    );
    assert.deepEqual(await store.listMessages('req-m'), [
      { ...card, messageId: '1712345678.000100' },
      { ...teams, messageId: 'act-1' },
      { ...line, messageId: '1712345678.000200' },
    ]);
    assert.deepEqual(await store.listMessages('req-none'), []);
  });
});

describe('notified version', () => {
  test('starts at 0, is only ever raised, and expires on its own', async () => {
    const { store, prefix } = fresh();
    assert.equal(await store.notifiedVersion('req-n'), 0);
    await store.markNotified('req-n', 4);
    assert.equal(await store.notifiedVersion('req-n'), 4);
    await store.markNotified('req-n', 2);
    assert.equal(await store.notifiedVersion('req-n'), 4, 'an older version does not lower it');
    await store.markNotified('req-n', 5);
    assert.equal(await store.notifiedVersion('req-n'), 5);
    const ttl = await redis.ttl(`${prefix}:notified:req-n`);
    assert.ok(ttl > 0 && ttl <= NOTIFIED_VERSION_TTL_SECONDS, `expires within the TTL (ttl ${ttl})`);
    assert.equal(await store.notifiedVersion('req-other'), 0, 'kept per request');
  });
});
