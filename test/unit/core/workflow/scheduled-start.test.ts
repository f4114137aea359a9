import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildApprovalCard } from '../../../../src/core/cards/build-approval-card.ts';
import type { Notifier } from '../../../../src/core/ports/notifier.ts';
import { cancelRequest } from '../../../../src/core/workflow/cancel-request.ts';
import { decideRequest } from '../../../../src/core/workflow/decide-request.ts';
import { explainRequest } from '../../../../src/core/workflow/explain-request.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';
import { submitRequest } from '../../../../src/core/workflow/submit-request.ts';
import type { JobContext } from '../../../../src/jobs/job-context.ts';
import { createProcessors } from '../../../../src/jobs/processors.ts';
import { POLICY, people, workflowFixture } from './workflow-harness.ts';

const HOUR = 3_600_000;
const quiet: Notifier = {
  requestChanged: () => Promise.resolve(),
  grantExpiringSoon: () => Promise.resolve(),
  remindApprovers: () => Promise.resolve(),
};
const context: JobContext = {
  jobId: 'job',
  attempt: 1,
  maxAttempts: 3,
  finalAttempt: false,
  crashes: 0,
  abandon: false,
};

/** The workflow policy where prod needs one approval and nothing in prod may run 18:00–08:00 UTC. */
const WINDOWED = POLICY.replace('minApprovals: 2', 'minApprovals: 1').replace(
  '  rules:\n',
  `  rules:
    - name: night-freeze
      match: { namespaces: [prod-*], schedule: { timeZone: UTC, outside: [{ from: '08:00', to: '18:00' }] } }
      outcome: deny
      reason: no prod changes at night
`,
);

function fixture() {
  const f = workflowFixture();
  f.reloadPolicy(WINDOWED);
  return { ...f, processors: createProcessors({ workflow: f.deps, notifier: quiet }) };
}

const scale = (start: string) => `scale deployment/api --replicas 5 -n prod-payments --reason load ${start}`;

describe('scheduled start', () => {
  test('approved ahead, run at the start time (not before), shown on the card', async () => {
    const { deps, clock, queue, cluster, processors, submission } = fixture();
    const record = await submitRequest(deps, submission(scale('--in 2h')));
    assert.equal(record.startAt, record.createdAt + 2 * HOUR);
    const approved = await decideRequest(deps, {
      requestId: record.id,
      person: people.bob,
      verdict: 'approve',
    });
    assert.equal(approved.record.state, 'approved');
    assert.equal(queue.find('execute-action', record.id)?.runAt, record.startAt);
    const card = buildApprovalCard(approved.record, clock.now());
    assert.ok(card.facts.some((f) => f.label === 'Starts' && f.time?.at === record.startAt));

    clock.advance(HOUR);
    assert.deepEqual(await processors['execute-action']({ requestId: record.id }, context), {
      outcome: 'early',
      runAgainAt: record.startAt,
    });
    assert.ok(!cluster.calls.some((c) => c.startsWith('execute')), 'nothing ran before the start');
    clock.set(record.startAt ?? 0);
    assert.deepEqual(await processors['execute-action']({ requestId: record.id }, context), {
      outcome: 'done',
    });
    assert.equal((await deps.store.get(record.id))?.state, 'succeeded');
  });

  test('the requester may cancel until the start time; the waiting run is removed', async () => {
    const { deps, clock, queue, submission } = fixture();
    const record = await submitRequest(deps, submission(scale('--at "2026-03-03 14:00 UTC"')));
    await decideRequest(deps, { requestId: record.id, person: people.bob, verdict: 'approve' });
    await assert.rejects(cancelRequest(deps, record.id, people.bob), { code: 'not_the_requester' });
    clock.set(Date.UTC(2026, 2, 3, 13, 59));
    const cancelled = await cancelRequest(deps, record.id, people.alice);
    assert.equal(cancelled.record.state, 'cancelled');
    assert.equal(queue.find('execute-action', record.id), undefined);
  });

  test('no cancelling an approved request once its start time has come', async () => {
    const { deps, clock, submission } = fixture();
    const record = await submitRequest(deps, submission(scale('--in 1h')));
    await decideRequest(deps, { requestId: record.id, person: people.bob, verdict: 'approve' });
    clock.set(record.startAt ?? 0);
    await assert.rejects(cancelRequest(deps, record.id, people.alice), { code: 'illegal_transition' });
  });

  test('policy time windows are judged at the start time, and again at execution', async () => {
    const { deps, clock, processors, submission, reloadPolicy } = fixture();
    // Filed at 10:00 for 20:00: the night freeze applies to the start time.
    const night = await submitRequest(deps, submission(scale('--at "2026-03-03 20:00 UTC"')));
    assert.equal(night.state, 'denied');
    assert.match(night.denial?.reason ?? '', /no prod changes at night/);
    // Filed at 10:00 for 12:00, approved; a freeze added meanwhile stops it at execution.
    const noon = await submitRequest(deps, submission(scale('--at "2026-03-03 12:00 UTC"')));
    assert.equal(noon.state, 'pending');
    await decideRequest(deps, { requestId: noon.id, person: people.bob, verdict: 'approve' });
    reloadPolicy(WINDOWED.replace("from: '08:00', to: '18:00'", "from: '08:00', to: '11:00'"));
    clock.set(noon.startAt ?? 0);
    await processors['execute-action']({ requestId: noon.id }, context).catch(() => undefined);
    const stopped = await deps.store.get(noon.id);
    assert.notEqual(stopped?.state, 'succeeded');
    assert.ok(stopped?.state === 'failed' || stopped?.state === 'denied', String(stopped?.state));
  });

  test('explain judges a request at its start time, as filing does', async () => {
    const { deps } = fixture();
    const explained = async (start: string) => {
      const command = parseCommand(`explain ${scale(start)}`);
      assert.equal(command.type, 'explain');
      return (await explainRequest(deps, command.request, people.alice)).decision;
    };
    assert.equal((await explained('')).outcome, 'require-approval');
    const night = await explained('--at "2026-03-03 20:00 UTC"');
    assert.equal(night.outcome, 'deny');
    assert.deepEqual(night.matchedRules.includes('night-freeze'), true);
    assert.equal((await explained('--in 9h')).outcome, 'deny');
    await assert.rejects(explained('--at "2026-03-03 09:00 UTC"'), { code: 'start_in_past' });
  });

  test('a start time already past is refused and files nothing', async () => {
    const { deps, store, submission } = fixture();
    await assert.rejects(submitRequest(deps, submission(scale('--at "2026-03-03 09:00 UTC"'))), {
      code: 'start_in_past',
    });
    assert.equal(store.records.size, 0);
  });

  test('a grant starts its clock at the start time', async () => {
    const { deps, clock, processors, submission } = fixture();
    const record = await submitRequest(
      deps,
      submission('access role/view -n prod-payments --for 1h --reason debug --in 3h'),
    );
    await decideRequest(deps, { requestId: record.id, person: people.bob, verdict: 'approve' });
    clock.set(record.startAt ?? 0);
    await processors['create-grant']({ requestId: record.id }, context);
    const active = await deps.store.get(record.id);
    assert.equal(active?.state, 'active');
    assert.equal(active?.grant?.grantedAt, record.startAt);
    assert.equal(active?.grant?.expiresAt, (record.startAt ?? 0) + HOUR);
  });
});
