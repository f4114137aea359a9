import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { verifyChain } from '../../../src/core/audit/verify-chain.ts';
import type { AuditRecord } from '../../../src/core/audit/audit-record.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import {
  CLUSTER,
  countEvents,
  people,
  startReliabilityFixture,
  waitForState,
  type ReliabilityFixture,
} from './reliability-fixture.ts';
import { reportLateness, RevocationWatch } from './revocation-watch.ts';

let fixture: ReliabilityFixture;

before(async () => {
  fixture = await startReliabilityFixture({ appendOnly: true });
});

after(() => fixture.stop());

test('Redis killed and restarted mid-run (AOF), some grants expiring while it is down: no request, grant or timer is lost, every grant is revoked', async () => {
  const composed = fixture.compose();
  const { deps } = composed;
  await fixture.startWorker(composed, { concurrency: 8 });
  await composed.queue.scheduleSweep(60_000);
  const watch = await RevocationWatch.start(fixture.cp.kubeconfigPath, fixture.namespace);
  fixture.onStop(() => Promise.resolve(watch.stop()));
  const access = (seconds: number) =>
    fixture.submit(
      deps,
      `access role/view -n ${fixture.namespace} --for ${seconds}s --reason "debug ${seconds}"`,
    );

  const pending = await fixture.submit(
    deps,
    `scale deployment/web --replicas 4 -n ${fixture.namespace} --reason later`,
  );
  const early = await Promise.all([3, 4, 8, 10, 12, 14].map(access));
  const grants = new Map<string, RequestRecord>();
  for (const { id } of early) grants.set(id, await waitForState(deps, id, ['active'], 30_000));
  for (const record of grants.values()) watch.track(record);

  await fixture.redis.kill();
  const downAt = Date.now();
  const duringOutage = Promise.all([9, 13].map(access));
  await sleep(4000);
  await fixture.redis.restart();
  console.log(`Redis was down ${((Date.now() - downAt) / 1000).toFixed(1)} s`);
  for (const { id } of await duringOutage) grants.set(id, await waitForState(deps, id, ['active'], 30_000));

  for (const { id } of await duringOutage) watch.track(grants.get(id)!);
  for (const id of grants.keys()) {
    const timer = await composed.queue.state('revoke-grant', { requestId: id });
    assert.ok(
      timer === 'delayed' || timer === 'active' || timer === 'completed',
      `revoke timer of ${id} is ${timer}`,
    );
  }
  assert.equal((await deps.store.get(pending.id))?.state, 'pending');
  await fixture.approve(deps, pending.id, people.bob, people.frank);

  const ended = await Promise.all(
    [...grants.keys()].map((id) => waitForState(deps, id, ['expired', 'revoked'], 60_000)),
  );
  await waitForState(deps, pending.id, ['succeeded']);
  // A generous deadline only to catch a hang; how late is printed, and measured in bench/.
  await watch.waitAllGone(60_000);

  assert.deepEqual(
    ended.map((r) => r.state),
    ended.map(() => 'expired'),
  );
  for (const record of ended)
    assert.equal(await countEvents(deps, record.id, 'grant-expired'), 1, 'ended by its timer');
  assert.deepEqual(await deps.cluster.listManagedBindings(CLUSTER), []);
  const lateness = [...watch.lateness().values()];
  const seconds = lateness.filter((s): s is number => s !== undefined);
  assert.equal(seconds.length, lateness.length, 'every binding was seen gone');
  reportLateness('timers, Redis restarted', seconds);
  assert.ok(Math.min(...seconds) >= 0, 'no grant was removed before its expiry');

  const chain: AuditRecord[] = [];
  for await (const record of deps.audit.readAll()) chain.push(record);
  assert.equal(verifyChain(chain).ok, true, 'the audit chain has no gap or fork after the restart');
});
