import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verifyChain } from '../../../../src/core/audit/verify-chain.ts';
import { buildApprovalCard } from '../../../../src/core/cards/build-approval-card.ts';
import { nextEscalationAt } from '../../../../src/core/lifecycle/escalate.ts';
import type { Principal } from '../../../../src/core/ports/identity.ts';
import { decideRequest } from '../../../../src/core/workflow/decide-request.ts';
import { escalateRequest } from '../../../../src/core/workflow/escalate-request.ts';
import { runAction } from '../../../../src/core/workflow/run-action.ts';
import { submitRequest } from '../../../../src/core/workflow/submit-request.ts';
import { sweepPending } from '../../../../src/core/workflow/sweep-pending.ts';
import { POLICY, people, workflowFixture } from './workflow-harness.ts';
import { plainText } from '../../../../src/core/cards/person-text.ts';

const MINUTE = 60_000;
const scaleText = 'scale deployment/api --replicas 5 -n prod-payments --reason "INC-4312 load"';

/** The workflow policy with two escalation steps on the prod rule: dave after 10m, erin after 20m. */
const ESCALATING = POLICY.replace(
  '    sre-leads: { users: [bob@example.com, carol@example.com] }',
  `    sre-leads: { users: [bob@example.com, carol@example.com] }
    sre-oncall: { users: [dave@example.com] }
    managers: { users: [erin@example.com] }`,
).replace(
  'approval: { approverGroups: [sre-leads], minApprovals: 2 }',
  `approval:
        approverGroups: [sre-leads]
        minApprovals: 2
        channels: { slack: ['#prod-approvals'] }
        escalation:
          - { after: 10m, approverGroups: [sre-oncall], channels: { slack: ['#sre-oncall'] } }
          - { after: 20m, approverGroups: [managers] }`,
);

const person = (name: string): Principal => ({
  platform: 'web',
  platformUserId: `id-${name}`,
  username: `${name}@example.com`,
  email: `${name}@example.com`,
  groups: [],
});
const dave = person('dave');
const erin = person('erin');

function escalating() {
  const fixture = workflowFixture();
  fixture.reloadPolicy(ESCALATING);
  return fixture;
}

describe('escalation', () => {
  test('filing schedules the first step; a backup cannot decide before it is due', async () => {
    const { deps, queue, submission } = escalating();
    const record = await submitRequest(deps, submission(scaleText));
    assert.equal(queue.find('escalate-request', record.id)?.runAt, record.createdAt + 10 * MINUTE);
    await assert.rejects(decideRequest(deps, { requestId: record.id, person: dave, verdict: 'approve' }), {
      code: 'not_an_approver',
    });
  });

  test('each step makes its backups eligible, adds its channels, is audited, and is said on the card', async () => {
    const { deps, clock, audit, queue, store, submission } = escalating();
    const { id, createdAt } = await submitRequest(deps, submission(scaleText));
    clock.set(createdAt + 10 * MINUTE - 1);
    assert.equal(await escalateRequest(deps, id), 'skipped', 'a timer firing early changes nothing');
    clock.set(createdAt + 10 * MINUTE);
    assert.equal(await escalateRequest(deps, id), 'done');
    assert.equal(await escalateRequest(deps, id), 'skipped', 'a step is reached once');
    const once = await store.get(id);
    assert.ok(once?.decision.outcome === 'require-approval');
    assert.deepEqual(once.decision.approverGroups, ['sre-leads', 'sre-oncall']);
    assert.deepEqual(once.decision.channels.slack, ['#prod-approvals', '#sre-oncall']);
    assert.equal(nextEscalationAt(once), createdAt + 20 * MINUTE);
    assert.ok(queue.find('notify', id) ?? [...queue.jobs.keys()].some((k) => k.startsWith(`notify.${id}.`)));
    const card = buildApprovalCard(once, clock.now());
    assert.ok(
      card.notes.map(plainText).includes('Escalated to sre-oncall: no decision after 10m'),
      card.notes.map(plainText).join('|'),
    );
    await assert.rejects(decideRequest(deps, { requestId: id, person: erin, verdict: 'approve' }), {
      code: 'not_an_approver',
    });

    clock.set(createdAt + 25 * MINUTE);
    assert.equal(await escalateRequest(deps, id), 'done');
    const twice = await store.get(id);
    assert.equal(twice && nextEscalationAt(twice), undefined, 'no step left');
    const escalated = audit.records.filter((r) => r.event.type === 'escalated').map((r) => r.event);
    assert.deepEqual(
      escalated.map((e) => [e.actor, e.details]),
      [
        ['countersign', { step: 1, rule: 'prod', after: '10m', approverGroups: ['sre-oncall'] }],
        ['countersign', { step: 2, rule: 'prod', after: '20m', approverGroups: ['managers'] }],
      ],
    );
    assert.equal(verifyChain(audit.records).ok, true);
  });

  test('backup approvals count toward the rule, and execution (policy re-checked) accepts them', async () => {
    const { deps, clock, cluster, submission } = escalating();
    const { id, createdAt } = await submitRequest(deps, submission(scaleText));
    clock.set(createdAt + 21 * MINUTE);
    await escalateRequest(deps, id);
    await decideRequest(deps, { requestId: id, person: dave, verdict: 'approve' });
    const done = await decideRequest(deps, { requestId: id, person: erin, verdict: 'approve' });
    assert.equal(done.record.state, 'approved');
    assert.equal(await runAction(deps, id), 'done');
    assert.equal(cluster.calls.filter((c) => c.startsWith('execute scale api')).length, 1);
  });

  test('no step fires after a decision: the timer is removed and a late run changes nothing', async () => {
    const { deps, clock, audit, queue, submission } = escalating();
    const { id, createdAt } = await submitRequest(deps, submission(scaleText));
    await decideRequest(deps, { requestId: id, person: people.bob, verdict: 'deny', reason: 'not now' });
    assert.equal(queue.find('escalate-request', id), undefined);
    clock.set(createdAt + 30 * MINUTE);
    assert.equal(await escalateRequest(deps, id), 'skipped');
    assert.equal(audit.records.filter((r) => r.event.type === 'escalated').length, 0);
  });

  test('a step due at or after the deadline never fires', async () => {
    const { deps, clock, reloadPolicy, submission } = escalating();
    reloadPolicy(ESCALATING.replace('after: 20m', 'after: 1h'));
    const { id, createdAt } = await submitRequest(deps, submission(scaleText));
    clock.set(createdAt + 10 * MINUTE);
    await escalateRequest(deps, id);
    const record = await deps.store.get(id);
    assert.equal(record && nextEscalationAt(record), undefined);
  });

  test('the sweep reaches a due step whose job was lost, and expires what is past its deadline', async () => {
    const { deps, clock, queue, store, submission } = escalating();
    const first = await submitRequest(deps, submission(scaleText));
    queue.jobs.clear();
    clock.set(first.createdAt + 11 * MINUTE);
    assert.deepEqual(await sweepPending(deps), { escalated: 1, expired: 0 });
    assert.ok(queue.find('escalate-request', first.id), 'the next step is scheduled again');
    assert.deepEqual(await sweepPending(deps), { escalated: 0, expired: 0 });
    clock.set(first.createdAt + 61 * MINUTE);
    assert.deepEqual(await sweepPending(deps), { escalated: 0, expired: 1 });
    assert.equal((await store.get(first.id))?.state, 'expired');
  });
});
