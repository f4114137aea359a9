import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UserFacingError } from '../../../src/core/errors.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { NodeProcess } from '../../harness/worker-process.ts';
import {
  auditOf,
  people,
  startReliabilityFixture,
  waitForState,
  type ReliabilityFixture,
} from './reliability-fixture.ts';

let fixture: ReliabilityFixture;

before(async () => {
  fixture = await startReliabilityFixture();
});

after(() => fixture.stop());

const approvers = [people.bob, people.carol, people.dave, people.erin, people.frank];

/** Ten clicks: every approver twice, in a rotated order so the two processes race on different people first. */
const clicks = (offset: number): Principal[] =>
  Array.from({ length: 10 }, (_, i) => approvers[(i + offset) % approvers.length] as Principal);

type Result = { changed: boolean } | { refused: string };

test('20 approve clicks at once, from two processes, approve once with two distinct approvers and execute once', async () => {
  const composed = fixture.compose();
  const { deps } = composed;
  await fixture.startWorker(composed);
  const { id } = await fixture.submit(
    deps,
    `scale deployment/web --replicas 3 -n ${fixture.namespace} --reason "INC-7 load"`,
  );

  const other = NodeProcess.start(
    'approve-main.ts',
    fixture.processConfig({ approvals: { requestId: id, people: [...clicks(2), people.alice] } }),
  );
  fixture.onStop(() => other.kill('SIGKILL'));
  await other.waitFor('ready');
  other.send('go');
  const local = await Promise.allSettled(
    clicks(0).map((person) => decideRequest(deps, { requestId: id, person, verdict: 'approve' })),
  );
  const remote = (await other.waitFor('results')).results as Result[];

  const localResults: Result[] = local.map((r) =>
    r.status === 'fulfilled'
      ? { changed: r.value.changed }
      : { refused: r.reason instanceof UserFacingError ? r.reason.code : `unexpected: ${String(r.reason)}` },
  );
  const all = [...localResults, ...remote];
  assert.equal(all.length, 21);
  const refusals = all.flatMap((r) => ('refused' in r ? [r.refused] : []));
  assert.deepEqual(
    refusals.filter((code) => !['illegal_transition', 'self_approval'].includes(code)),
    [],
    'every refusal is a clean, user-facing one',
  );
  // Alice's own click is refused: as self-approval, or as too late once two others approved.
  const aliceClick = remote.at(-1);
  assert.ok(aliceClick && 'refused' in aliceClick, 'the requester could not approve');
  assert.equal(
    all.filter((r) => 'changed' in r && r.changed).length,
    2,
    'exactly two clicks changed the request',
  );

  const record = await waitForState(deps, id, ['succeeded', 'failed']);
  assert.equal(record.state, 'succeeded');
  const names = record.approvals.map((a) => a.approver.username);
  assert.equal(names.length, 2);
  assert.equal(new Set(names).size, 2);
  assert.ok(names.every((name) => approvers.some((p) => p.username === name)));

  const events = await auditOf(deps, id);
  const count = (type: string) => events.filter((e) => e.type === type).length;
  assert.deepEqual(
    events.filter((e) => e.type === 'approved').map((e) => e.actor),
    names,
    'one audit entry per counted approval, in order',
  );
  assert.equal(count('queued'), 1);
  assert.equal(count('executed'), 1);
  assert.equal(record.execution?.attempts, 1);
  const deployment = JSON.parse(
    await fixture.cp.kubectl(['get', 'deployment', 'web', '-n', fixture.namespace, '-o', 'json']),
  ) as {
    spec: { replicas: number };
  };
  assert.equal(deployment.spec.replicas, 3);
  assert.equal((await other.exited).code, 0);
});
