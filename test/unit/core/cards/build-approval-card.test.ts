import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildApprovalCard } from '../../../../src/core/cards/build-approval-card.ts';
import { eventLine } from '../../../../src/core/cards/event-line.ts';
import { decideRequest } from '../../../../src/core/workflow/decide-request.ts';
import { submitRequest } from '../../../../src/core/workflow/submit-request.ts';
import { people, workflowFixture } from '../workflow/workflow-harness.ts';

describe('buildApprovalCard', () => {
  test('a pending card shows what, who, why, preview, rules, progress and Approve/Deny with the request ID only', async () => {
    const { deps, clock, submission } = workflowFixture();
    const text = 'scale deployment/api --replicas 5 -n prod-payments --reason "<!channel> load"';
    const { id } = await submitRequest(deps, submission(text));
    const { record } = await decideRequest(deps, { requestId: id, person: people.bob, verdict: 'approve' });
    const card = buildApprovalCard(record, clock.now());
    assert.equal(card.title, 'scale deployment/api in prod-payments');
    assert.equal(card.status.label, 'Waiting for approval');
    assert.deepEqual(card.preview, ['scale api']);
    assert.deepEqual(card.matchedRules, ['prod']);
    assert.match(card.progress ?? '', /^1 of 2 approvals · waiting for 1 more from sre-leads$/);
    assert.ok(
      card.facts.some((f) => f.label === 'Reason' && f.value === '<!channel> load'),
      'text stays plain',
    );
    assert.deepEqual(
      card.actions.map((a) => [a.id, a.requestId]),
      [
        ['approve', id],
        ['deny', id],
      ],
    );
    assert.deepEqual(card.notes, ['Approved by bob@example.com']);
  });

  test('an active grant offers Extend and Revoke now and says how long is left', async () => {
    const { deps, clock, submission } = workflowFixture();
    const { id } = await submitRequest(
      deps,
      submission('access role/view -n prod-payments --for 4h --reason debug'),
    );
    await decideRequest(deps, { requestId: id, person: people.bob, verdict: 'approve' });
    await decideRequest(deps, { requestId: id, person: people.carol, verdict: 'approve' });
    const { grantAccess } = await import('../../../../src/core/workflow/grant-access.ts');
    await grantAccess(deps, id);
    clock.advance(60 * 60_000);
    const record = await deps.store.get(id);
    assert.ok(record);
    const card = buildApprovalCard(record, clock.now());
    assert.deepEqual(
      card.actions.map((a) => a.id),
      ['extend', 'revoke'],
    );
    assert.match(card.facts.find((f) => f.label === 'Granted until')?.value ?? '', /\(3h left\)$/);
  });

  test('thread lines name the actor and skip events the card already shows', () => {
    const base = { requestId: 'cs-aaaaaaaaaa', at: '2026-01-01T00:00:00.000Z', actor: 'bob@example.com' };
    assert.equal(
      eventLine({
        ...base,
        type: 'approved',
        details: { groups: ['sre-leads'], approvals: 1, complete: false },
      }),
      'Approved by bob@example.com (1 so far)',
    );
    assert.equal(eventLine({ ...base, type: 'queued', details: {} }), undefined);
  });
});
