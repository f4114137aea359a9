import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { storeKeys, type StoreKeys } from '../../../src/adapters/store/keys.ts';
import { RedisRequestStore } from '../../../src/adapters/store/redis-request-store.ts';
import { activateGrant } from '../../../src/core/lifecycle/activate-grant.ts';
import { approve } from '../../../src/core/lifecycle/approve.ts';
import { cancel } from '../../../src/core/lifecycle/cancel.ts';
import { deny } from '../../../src/core/lifecycle/deny.ts';
import { enqueue } from '../../../src/core/lifecycle/enqueue.ts';
import { expireGrant } from '../../../src/core/lifecycle/expire-grant.ts';
import { expireUndecided } from '../../../src/core/lifecycle/expire-undecided.ts';
import { extendGrant } from '../../../src/core/lifecycle/extend-grant.ts';
import { fail } from '../../../src/core/lifecycle/fail.ts';
import type { PolicyDecision } from '../../../src/core/policy/decision.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import { revokeGrant } from '../../../src/core/lifecycle/revoke-grant.ts';
import { startExecution } from '../../../src/core/lifecycle/start-execution.ts';
import { succeed } from '../../../src/core/lifecycle/succeed.ts';
import {
  advance,
  alice,
  autoApprovedAccess,
  bob,
  carol,
  freshPrefix,
  HOUR,
  MINUTE,
  pendingScale,
  T0,
  redisPerFile,
} from './fixtures.ts';

let redis: Redis;
redisPerFile((connection) => (redis = connection));

function fresh(): { store: RedisRequestStore; keys: StoreKeys } {
  const prefix = freshPrefix();
  return { store: new RedisRequestStore(redis, { keyPrefix: prefix }), keys: storeKeys(prefix) };
}

const ids = (records: readonly RequestRecord[]): string[] => records.map((r) => r.id);

/** Files an auto-approved access request and runs it to `active`, granted at `grantedAt`. */
async function activeGrant(store: RedisRequestStore, id: string, durationSeconds: number, grantedAt: number) {
  const filed = autoApprovedAccess(id, durationSeconds, T0);
  assert.equal(await store.create(filed.record, filed.events), true);
  let record = await advance(store, enqueue(filed.record, T0 + 1));
  record = await advance(store, startExecution(record, T0 + 2));
  return advance(store, activateGrant(record, grantedAt, `countersign-${id}`));
}

describe('store indexes', () => {
  test('open requests per requester, newest first, leave on denied, cancelled, expired, failed and succeeded', async () => {
    const { store, keys } = fresh();
    const filed = ['r-deny', 'r-cancel', 'r-expire', 'r-fail', 'r-ok', 'r-open'].map((id, i) =>
      pendingScale(id, { at: T0 + i * MINUTE }),
    );
    for (const f of filed) assert.equal(await store.create(f.record, f.events), true);
    const other = pendingScale('r-bob', { requester: bob, groups: ['security'] });
    await store.create(other.record, other.events);
    assert.deepEqual(ids(await store.listOpenByRequester(alice.username)), [
      'r-open',
      'r-ok',
      'r-fail',
      'r-expire',
      'r-cancel',
      'r-deny',
    ]);
    assert.deepEqual(ids(await store.listOpenByRequester(bob.username)), ['r-bob']);
    assert.deepEqual(await store.listOpenByRequester('nobody@example.com'), []);

    const [fDeny, fCancel, fExpire, fFail, fOk] = filed.map((f) => f.record);
    const at = T0 + 10 * MINUTE;
    await advance(store, deny(fDeny!, bob, ['sre-leads'], 'not now', at));
    await advance(store, cancel(fCancel!, alice, at));
    await advance(store, expireUndecided(fExpire!, T0 + 2 * HOUR));
    let running = await advance(store, approve(fFail!, bob, ['sre-leads'], at));
    running = await advance(store, enqueue(running, at));
    running = await advance(store, startExecution(running, at));
    await advance(store, fail(running, at, 'forbidden'));
    running = await advance(store, approve(fOk!, bob, ['sre-leads'], at));
    running = await advance(store, enqueue(running, at));
    assert.deepEqual(
      ids(await store.listOpenByRequester(alice.username)),
      ['r-open', 'r-ok'],
      'queued is still open',
    );
    running = await advance(store, startExecution(running, at));
    await advance(store, succeed(running, at, 'scaled api 3 → 5'));

    assert.deepEqual(ids(await store.listOpenByRequester(alice.username)), ['r-open']);
    assert.deepEqual(await redis.zrange(keys.openByRequester(alice.username), 0, '-1'), ['r-open']);
  });

  test('pending per approver group: a union of groups, oldest first, each request once, gone when decided', async () => {
    const { store, keys } = fresh();
    const sre = pendingScale('p-sre', { groups: ['sre-leads'], at: T0 + 2 * MINUTE });
    const both = pendingScale('p-both', { groups: ['sre-leads', 'security'], at: T0 + MINUTE });
    const sec = pendingScale('p-sec', { groups: ['security'], at: T0 + 3 * MINUTE });
    const dba = pendingScale('p-dba', { groups: ['dba'], at: T0 });
    for (const f of [sre, both, sec, dba]) await store.create(f.record, f.events);

    assert.deepEqual(ids(await store.listPendingForGroups(['sre-leads'])), ['p-both', 'p-sre']);
    assert.deepEqual(ids(await store.listPendingForGroups(['security'])), ['p-both', 'p-sec']);
    assert.deepEqual(ids(await store.listPendingForGroups(['security', 'sre-leads', 'security'])), [
      'p-both',
      'p-sre',
      'p-sec',
    ]);
    assert.deepEqual(ids(await store.listPendingForGroups(['dba', 'sre-leads'])), [
      'p-dba',
      'p-both',
      'p-sre',
    ]);
    assert.deepEqual(await store.listPendingForGroups([]), []);
    assert.deepEqual(await store.listPendingForGroups(['nobody']), []);

    await advance(store, approve(both.record, carol, ['security'], T0 + 5 * MINUTE));
    assert.deepEqual(ids(await store.listPendingForGroups(['security', 'sre-leads'])), ['p-sre', 'p-sec']);
    assert.equal(
      await redis.zscore(keys.pendingForGroup('sre-leads'), 'p-both'),
      null,
      'removed from every group',
    );
    await advance(store, cancel(sec.record, alice, T0 + 5 * MINUTE));
    assert.deepEqual(ids(await store.listPendingForGroups(['security', 'sre-leads'])), ['p-sre']);
  });

  test('a pending request with an approval still short stays pending in the index', async () => {
    const { store } = fresh();
    const filed = pendingScale('p-two', { groups: ['sre-leads'] });
    const twoNeeded = {
      ...filed.record,
      decision: { ...filed.record.decision, approvalsNeeded: 2 },
    } as RequestRecord;
    await store.create(twoNeeded, filed.events);
    await advance(store, approve(twoNeeded, bob, ['sre-leads'], T0 + MINUTE));
    const [still] = await store.listPendingForGroups(['sre-leads']);
    assert.equal(still?.state, 'pending');
    assert.equal(still?.approvals.length, 1);
  });

  test('due grants come a page at a time, soonest first, ties by ID, none twice, none skipped when some end between pages', async () => {
    const { store } = fresh();
    // Seven grants, five due at T0 + 60 min (ties), one due later, one not due.
    const due = ['g-a', 'g-b', 'g-c', 'g-d', 'g-e'];
    const records = new Map<string, RequestRecord>();
    for (const id of due) records.set(id, await activeGrant(store, id, 3600, T0));
    records.set('g-early', await activeGrant(store, 'g-early', 1800, T0));
    await activeGrant(store, 'g-late', 3 * 3600, T0);
    const by = T0 + 60 * MINUTE;
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listGrantsDueBy(by, 2, cursor);
      assert.ok(page.records.length <= 2, 'a page holds at most the limit');
      seen.push(...ids(page.records));
      // End a grant already read and one not read yet: the first leaves the index, the second must not be seen.
      if (pages === 0) await advance(store, expireGrant(records.get('g-early')!, by));
      if (pages === 1) await advance(store, revokeGrant(records.get('g-d')!, alice, by));
      cursor = page.next;
      pages++;
    } while (cursor !== undefined);
    assert.deepEqual(seen, ['g-early', 'g-a', 'g-b', 'g-c', 'g-e']);
    assert.ok(pages >= 3, `read in ${pages} pages`);
  });

  test('active grants by expiresAt, re-ordered by an extension, gone when revoked or expired, open while active', async () => {
    const { store, keys } = fresh();
    const long = await activeGrant(store, 'g-long', 4 * 3600, T0 + 10 * MINUTE);
    const short = await activeGrant(store, 'g-short', 1800, T0 + 20 * MINUTE);
    const mid = await activeGrant(store, 'g-mid', 3600, T0 + 5 * MINUTE);
    assert.deepEqual(ids(await store.listActiveGrants()), ['g-short', 'g-mid', 'g-long']);
    assert.deepEqual(
      (await store.listActiveGrants()).map((r) => r.grant?.expiresAt),
      [T0 + 50 * MINUTE, T0 + 65 * MINUTE, T0 + 250 * MINUTE],
    );
    assert.equal(
      (await store.listOpenByRequester(alice.username)).length,
      3,
      'an active access grant is still open',
    );

    const extended = await advance(
      store,
      extendGrant(short, alice, 3 * 3600, T0 + 30 * MINUTE, [], {
        ...short.decision,
        holderMayExtend: true,
      } as PolicyDecision),
    );
    assert.deepEqual(ids(await store.listActiveGrants()), ['g-mid', 'g-short', 'g-long']);
    assert.equal(await redis.zscore(keys.activeGrants, 'g-short'), String(extended.grant?.expiresAt));

    await advance(store, revokeGrant(long, alice, T0 + 40 * MINUTE));
    await advance(store, expireGrant(mid, T0 + 65 * MINUTE));
    assert.deepEqual(ids(await store.listActiveGrants()), ['g-short']);
    assert.deepEqual(ids(await store.listOpenByRequester(alice.username)), ['g-short']);
  });

  test('in flight: approved, queued and executing requests by when they entered the state, gone once active', async () => {
    const { store } = fresh();
    const filed = autoApprovedAccess('f-1', 3600, T0);
    await store.create(filed.record, filed.events);
    assert.deepEqual(ids(await store.listInFlightSince(T0 + 1)), ['f-1'], 'approved at filing');
    assert.deepEqual(ids(await store.listInFlightSince(T0)), [], 'not before it was approved');
    let record = await advance(store, enqueue(filed.record, T0 + 10));
    record = await advance(store, startExecution(record, T0 + 20));
    assert.deepEqual(ids(await store.listInFlightSince(T0 + 15)), [], 'executing since T0+20');
    assert.deepEqual(ids(await store.listInFlightSince(T0 + 21)), ['f-1']);
    await advance(store, activateGrant(record, T0 + 30, 'countersign-f-1'));
    assert.deepEqual(ids(await store.listInFlightSince(T0 + HOUR)), []);
  });
});
