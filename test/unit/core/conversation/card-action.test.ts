import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCardAction } from '../../../../src/core/conversation/card-action.ts';
import type { ReplyCommand } from '../../../../src/core/conversation/command-outcome.ts';
import { runCommand } from '../../../../src/core/conversation/run-command.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';
import { people, workflowFixture } from '../workflow/workflow-harness.ts';

const SCALE = 'scale deployment/api --replicas 5 -n prod-payments --reason "load"';

async function filed() {
  const fixture = workflowFixture();
  const deps = { workflow: fixture.deps };
  const outcome = await runCommand(deps, parseCommand(SCALE) as ReplyCommand, people.alice, SCALE);
  assert.ok(outcome.kind === 'filed');
  return { ...fixture, conversation: deps, id: outcome.record.id };
}

void describe('runCardAction', () => {
  void test('approve counts once per person and says how far the request is, the same for every surface', async () => {
    const { conversation, id } = await filed();
    const first = await runCardAction(conversation, { action: 'approve', requestId: id, person: people.bob });
    assert.ok(first.kind === 'done' && first.outcome.changed);
    assert.equal(first.text, `You approved scale deployment/api in prod-payments (${id}): 1 of 2 approvals.`);
    const again = await runCardAction(conversation, { action: 'approve', requestId: id, person: people.bob });
    assert.ok(again.kind === 'done' && !again.outcome.changed);
    assert.match(again.text, /already recorded; nothing changed/);
  });

  void test('the requester cannot deny their own request; the refusal names the cancel command in the canonical spelling', async () => {
    const { conversation, id } = await filed();
    await assert.rejects(
      runCardAction(conversation, { action: 'deny', requestId: id, person: people.alice, reason: 'no' }),
      (error: Error) => error.message.includes(`To withdraw it: /k8s-request cancel ${id}`),
    );
  });

  void test('deny needs a reason; a blank one is refused and changes nothing', async () => {
    const { conversation, id, store } = await filed();
    await assert.rejects(
      runCardAction(conversation, { action: 'deny', requestId: id, person: people.bob, reason: '  ' }),
      { code: 'deny_reason_required' },
    );
    assert.equal((await store.get(id))?.state, 'pending');
    const denied = await runCardAction(conversation, {
      action: 'deny',
      requestId: id,
      person: people.bob,
      reason: ' not now ',
    });
    assert.ok(denied.kind === 'done' && denied.outcome.record.state === 'denied');
    assert.equal(denied.text, `You denied scale deployment/api in prod-payments (${id}).`);
  });

  void test('cancel by the requester withdraws it; an unknown request is refused with a typed example', async () => {
    const { conversation, id } = await filed();
    const cancelled = await runCardAction(conversation, {
      action: 'cancel',
      requestId: id,
      person: people.alice,
    });
    assert.ok(cancelled.kind === 'done' && cancelled.outcome.record.state === 'cancelled');
    assert.match(cancelled.text, /^You cancelled /);
    await assert.rejects(
      runCardAction(conversation, { action: 'approve', requestId: 'cs-missing00', person: people.bob }),
      (error: Error & { code?: string; example?: string }) =>
        error.code === 'request_not_found' && error.example === '/k8s-request status cs-k7m2q4x5ba',
    );
  });

  void test('extend reads its duration with the grammar and refuses garbage before touching the request', async () => {
    const { conversation, id } = await filed();
    await assert.rejects(
      runCardAction(conversation, {
        action: 'extend',
        requestId: id,
        person: people.alice,
        duration: 'soon',
      }),
      (error: Error & { code?: string; example?: string }) =>
        error.code === 'bad_duration' && error.example === `/k8s-request extend ${id} --for 1h`,
    );
  });
});
