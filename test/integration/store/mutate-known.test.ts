import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { RedisAuditSink } from '../../../src/adapters/store/redis-audit-sink.ts';
import { RedisRequestStore } from '../../../src/adapters/store/redis-request-store.ts';
import type { AuditRecord } from '../../../src/core/audit/audit-record.ts';
import { verifyChain } from '../../../src/core/audit/verify-chain.ts';
import { approve } from '../../../src/core/lifecycle/approve.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import type { TransitionResult } from '../../../src/core/lifecycle/transition-result.ts';
import { startExecution } from '../../../src/core/lifecycle/start-execution.ts';
import { enqueue } from '../../../src/core/lifecycle/enqueue.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import { mutateRequest } from '../../../src/core/workflow/mutate-request.ts';
import { advance, bob, freshPrefix, MINUTE, pendingScale, T0, redisPerFile } from './fixtures.ts';

/**
 * `mutateRequest` with a record the caller already holds (`known`): the first attempt
 * skips the read, and the compare-and-set alone says whether that copy was current.
 * Every test holds a copy one version behind the store except the first.
 */
let redis: Redis;
redisPerFile((connection) => (redis = connection));

const dave: Principal = {
  platform: 'slack',
  platformUserId: 'U0DAVE',
  username: 'dave@example.com',
  groups: ['sre-leads'],
};

/** The real store, counting its reads. */
function countingStore(prefix: string): { store: RedisRequestStore; reads: () => number } {
  const store = new RedisRequestStore(redis, { keyPrefix: prefix });
  let reads = 0;
  const get = store.get.bind(store);
  store.get = (id: string) => {
    reads += 1;
    return get(id);
  };
  return { store, reads: () => reads };
}

async function chain(prefix: string): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for await (const record of new RedisAuditSink(redis, { keyPrefix: prefix }).readAll()) records.push(record);
  return records;
}

/** Starts an approved or queued request, in one write as the execute job does. */
function start(record: RequestRecord): TransitionResult | undefined {
  const at = T0 + 2 * MINUTE;
  if (record.state === 'queued') return startExecution(record, at);
  if (record.state !== 'approved') return undefined;
  const queued = enqueue(record, at);
  const started = startExecution(queued.record, at);
  return {
    record: { ...started.record, version: record.version + 1 },
    events: [...queued.events, ...started.events],
  };
}

describe('mutateRequest with a known copy of the record', () => {
  test('a current copy is written without reading the store', async () => {
    const prefix = freshPrefix();
    const { store, reads } = countingStore(prefix);
    const filed = pendingScale('req-current');
    assert.equal(await store.create(filed.record, filed.events), true);

    const outcome = await mutateRequest(
      store,
      'req-current',
      (record) => approve(record, bob, ['sre-leads'], T0 + MINUTE),
      filed.record,
    );
    assert.equal(outcome.changed, true);
    assert.equal(outcome.record.state, 'approved');
    assert.equal(reads(), 0, 'the known copy was current, so nothing was read');
    assert.deepEqual(await store.get('req-current'), outcome.record);
  });

  test('a stale copy decides nothing: the write it leads to is refused, and the stored record decides', async () => {
    const prefix = freshPrefix();
    const { store } = countingStore(prefix);
    const filed = pendingScale('req-stale');
    assert.equal(await store.create(filed.record, filed.events), true);
    const approvedByBob = await advance(store, approve(filed.record, bob, ['sre-leads'], T0 + MINUTE));

    // Dave's click was read while the request was still pending.
    const outcome = await mutateRequest(
      store,
      'req-stale',
      (record) =>
        record.state === 'pending' ? approve(record, dave, ['sre-leads'], T0 + MINUTE + 1) : undefined,
      filed.record,
    );
    assert.equal(outcome.changed, false);
    assert.deepEqual(outcome.record, approvedByBob);
    assert.deepEqual(await store.get('req-stale'), approvedByBob);
    const records = await chain(prefix);
    assert.equal(verifyChain(records).ok, true);
    assert.deepEqual(
      records.filter((r) => r.event.type === 'approved').map((r) => r.event.actor),
      [bob.username],
      'only Bob’s approval is audited',
    );
  });

  test('a stale copy on which the transition finds nothing to do still lets the stored record be changed', async () => {
    const prefix = freshPrefix();
    const { store } = countingStore(prefix);
    const filed = pendingScale('req-late');
    assert.equal(await store.create(filed.record, filed.events), true);
    await advance(store, approve(filed.record, bob, ['sre-leads'], T0 + MINUTE));

    const outcome = await mutateRequest(store, 'req-late', start, filed.record);
    assert.equal(outcome.changed, true);
    assert.equal(outcome.record.state, 'executing');
    assert.equal((await store.get('req-late'))?.state, 'executing');
  });

  test('a stale copy on which the transition throws is read again, and the stored record decides', async () => {
    const prefix = freshPrefix();
    const { store } = countingStore(prefix);
    const filed = pendingScale('req-throws');
    assert.equal(await store.create(filed.record, filed.events), true);
    await advance(store, approve(filed.record, bob, ['sre-leads'], T0 + MINUTE));

    const outcome = await mutateRequest(
      store,
      'req-throws',
      (record) => {
        if (record.state !== 'approved') throw new Error(`not approved: ${record.state}`);
        return start(record);
      },
      filed.record,
    );
    assert.equal(outcome.changed, true);
    assert.equal(outcome.record.state, 'executing');
  });
});
