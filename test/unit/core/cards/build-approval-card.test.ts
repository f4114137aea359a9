import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildApprovalCard } from '../../../../src/core/cards/build-approval-card.ts';
import { eventLine } from '../../../../src/core/cards/event-line.ts';
import { formatCardTime } from '../../../../src/core/cards/format-time.ts';
import { decideRequest } from '../../../../src/core/workflow/decide-request.ts';
import { submitRequest } from '../../../../src/core/workflow/submit-request.ts';
import { people, workflowFixture } from '../workflow/workflow-harness.ts';
import { plainText } from '../../../../src/core/cards/person-text.ts';

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
    assert.deepEqual(card.notes, [
      [
        'Approved by ',
        {
          username: 'bob@example.com',
          chat: { platform: people.bob.platform, platformUserId: people.bob.platformUserId },
        },
      ],
    ]);
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
    const base = {
      requestId: 'cs-aaaaaaaaaa',
      at: '2026-01-01T00:00:00.000Z',
      actor: 'bob@example.com',
      actorId: { platform: 'slack', userId: 'UBOB000001' },
    };
    assert.deepEqual(
      eventLine({
        ...base,
        type: 'approved',
        details: { groups: ['sre-leads'], approvals: 1, complete: false },
      }),
      [
        'Approved by ',
        { username: 'bob@example.com', chat: { platform: 'slack', platformUserId: 'UBOB000001' } },
        ' (1 so far)',
      ],
    );
    assert.deepEqual(
      eventLine({
        requestId: base.requestId,
        at: base.at,
        actor: 'countersign',
        type: 'cancelled',
        details: {},
      }),
      ['Cancelled by ', { username: 'countersign' }],
      'no chat identity, no mention',
    );
    assert.equal(eventLine({ ...base, type: 'queued', details: {} }), undefined);
  });
});

describe('card text tells the truth', () => {
  test('people are named by Kubernetes username, never by their editable chat display name', async () => {
    const { deps, clock, submission } = workflowFixture();
    const filed = submission('scale deployment/api --replicas 5 -n prod-payments --reason load');
    const { id } = await submitRequest(deps, {
      ...filed,
      requester: { ...filed.requester, displayName: 'Security Team' },
    });
    const { record } = await decideRequest(deps, {
      requestId: id,
      person: { ...people.bob, displayName: 'Carol' },
      verdict: 'approve',
    });
    const card = buildApprovalCard(record, clock.now());
    const requester = card.facts.find((f) => f.label === 'Requester');
    assert.equal(requester?.value, filed.requester.username);
    assert.deepEqual(requester?.person, {
      platform: filed.requester.platform,
      platformUserId: filed.requester.platformUserId,
    });
    assert.deepEqual(card.notes.map(plainText), [`Approved by ${people.bob.username}`]);
  });

  test('a finished card does not say "What will happen"; a grant that ended says "Access ended", not "Expired"', async () => {
    const { deps, clock, submission } = workflowFixture();
    const { id } = await submitRequest(
      deps,
      submission('access role/view -n prod-payments --for 1h --reason x'),
    );
    const pending = buildApprovalCard((await deps.store.get(id))!, clock.now());
    assert.equal(pending.previewHeading, 'What will happen');
    await decideRequest(deps, { requestId: id, person: people.bob, verdict: 'approve' });
    await decideRequest(deps, { requestId: id, person: people.carol, verdict: 'approve' });
    const { grantAccess } = await import('../../../../src/core/workflow/grant-access.ts');
    const { endGrant } = await import('../../../../src/core/workflow/end-grant.ts');
    await grantAccess(deps, id);
    clock.advance(61 * 60_000);
    await endGrant(deps, id);
    const ended = buildApprovalCard((await deps.store.get(id))!, clock.now());
    assert.equal(ended.state, 'expired');
    assert.equal(ended.status.label, 'Access ended');
    assert.equal(ended.previewHeading, 'What was planned');

    const denied = await submitRequest(
      deps,
      submission('scale deployment/api --replicas 5 -n prod-payments --reason x'),
    );
    const { record } = await decideRequest(deps, {
      requestId: denied.id,
      person: people.bob,
      verdict: 'deny',
      reason: 'freeze',
    });
    assert.equal(buildApprovalCard(record, clock.now()).previewHeading, 'What was asked');
  });

  test('thread lines print times like cards, never raw ISO, and an end time never earlier than it is', () => {
    const base = { requestId: 'cs-aaaaaaaaaa', at: '2026-01-01T00:00:00.000Z', actor: 'bob@example.com' };
    assert.deepEqual(
      eventLine({
        ...base,
        type: 'granted',
        details: { bindingName: 'b', grantedAt: base.at, expiresAt: '2026-12-05T04:13:45.392Z' },
      }),
      ['Access granted until 2026-12-05 04:13:46 UTC'],
    );
    assert.equal(formatCardTime(Date.UTC(2026, 0, 5, 14, 0)), '2026-01-05 14:00 UTC');
    assert.deepEqual(
      eventLine({ ...base, type: 'grant-expired', details: { bindingName: 'b', expiresAt: base.at } }),
      ['Access ended on schedule'],
    );
  });

  test('"enough to run" is not said of access requests', () => {
    const base = { requestId: 'cs-aaaaaaaaaa', at: '2026-01-01T00:00:00.000Z', actor: 'bob@example.com' };
    const line = eventLine({
      ...base,
      type: 'approved',
      details: { groups: ['sre-leads'], approvals: 2, complete: true },
    });
    assert.equal(line && plainText(line), 'Approved by bob@example.com (2 so far, all needed)');
  });
});
