import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { storeKeys } from '../../../src/adapters/store/keys.ts';
import { RedisAuditSink } from '../../../src/adapters/store/redis-audit-sink.ts';
import { RedisRequestStore } from '../../../src/adapters/store/redis-request-store.ts';
import { verifyChainAsync } from '../../../src/core/audit/verify-chain.ts';
import { acknowledgeBreakGlass } from '../../../src/core/lifecycle/acknowledge-break-glass.ts';
import { enqueue } from '../../../src/core/lifecycle/enqueue.ts';
import { fileRequest } from '../../../src/core/lifecycle/file-request.ts';
import { startExecution } from '../../../src/core/lifecycle/start-execution.ts';
import { succeed } from '../../../src/core/lifecycle/succeed.ts';
import {
  advance,
  alice,
  bob,
  freshPrefix,
  MINUTE,
  pendingScale,
  requireApproval,
  scaleRequest,
  T0,
  redisPerFile,
} from './fixtures.ts';

let redis: Redis;
redisPerFile((connection) => (redis = connection));

function breakGlassRun(id: string, at: number) {
  return fileRequest({
    id,
    request: { ...scaleRequest(), breakGlass: true },
    text: 'scale deployment/api --replicas 5 -n prod-payments --incident INC-4312 --break-glass --reason load',
    cluster: 'prod',
    requester: alice,
    decision: requireApproval(['sre-leads'], { breakGlassAllowed: true }),
    requesterStepUp: { issuer: 'https://id.example.com', subject: 'sub-alice', amr: ['mfa'], authTime: at },
    at,
  });
}

describe('the unreviewed break-glass index', () => {
  test('holds a break-glass run through execution until an approver acknowledges it, in the same write as its audit', async () => {
    const prefix = freshPrefix();
    const store = new RedisRequestStore(redis, { keyPrefix: prefix });
    const keys = storeKeys(prefix);
    const later = breakGlassRun('bg-later', T0 + MINUTE);
    const first = breakGlassRun('bg-first', T0);
    const ordinary = pendingScale('not-bg');
    for (const filed of [later, first, ordinary])
      assert.equal(await store.create(filed.record, filed.events), true);

    assert.deepEqual(
      (await store.listUnreviewedBreakGlass()).map((r) => r.id),
      ['bg-first', 'bg-later'],
    );
    assert.equal(await store.countUnreviewedBreakGlass(), 2);
    assert.equal(await redis.zscore(keys.unreviewedBreakGlass, 'bg-first'), String(T0));

    let record = await advance(store, enqueue(first.record, T0 + 1));
    record = await advance(store, startExecution(record, T0 + 2));
    record = await advance(store, succeed(record, T0 + 3, 'scaled api'));
    assert.equal(await store.countUnreviewedBreakGlass(), 2, 'running it does not review it');

    await advance(store, acknowledgeBreakGlass(record, bob, ['sre-leads'], T0 + MINUTE));
    assert.deepEqual(
      (await store.listUnreviewedBreakGlass()).map((r) => r.id),
      ['bg-later'],
    );
    assert.equal(await store.countUnreviewedBreakGlass(), 1);
    assert.equal(await redis.zscore(keys.unreviewedBreakGlass, 'bg-first'), null);

    const events = await store.listEvents('bg-first');
    assert.equal(events.at(-1)?.event.type, 'break-glass-reviewed');
    const verdict = await verifyChainAsync(new RedisAuditSink(redis, { keyPrefix: prefix }).readAll());
    assert.equal(verdict.ok, true);
  });

  test('a stale index entry whose record is reviewed is not listed', async () => {
    const prefix = freshPrefix();
    const store = new RedisRequestStore(redis, { keyPrefix: prefix });
    const filed = breakGlassRun('bg-stale', T0);
    assert.equal(await store.create(filed.record, filed.events), true);
    await advance(store, acknowledgeBreakGlass(filed.record, bob, ['sre-leads'], T0 + 1));
    await redis.zadd(storeKeys(prefix).unreviewedBreakGlass, T0, 'bg-stale');
    assert.deepEqual(await store.listUnreviewedBreakGlass(), []);
  });
});
