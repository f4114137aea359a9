import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildApprovalCard } from '../../../../src/core/cards/build-approval-card.ts';
import { eventLine } from '../../../../src/core/cards/event-line.ts';
import { acknowledgeBreakGlass } from '../../../../src/core/lifecycle/acknowledge-break-glass.ts';
import { activateGrant } from '../../../../src/core/lifecycle/activate-grant.ts';
import { enqueue } from '../../../../src/core/lifecycle/enqueue.ts';
import { startExecution } from '../../../../src/core/lifecycle/start-execution.ts';
import type { ChangeRequest } from '../../../../src/core/requests/request-types.ts';
import {
  T0,
  accessRequest,
  alice,
  bob,
  filed,
  requireApproval,
  scaleRequest,
  stepUpOf,
} from '../lifecycle/fixtures.ts';
import { plainText } from '../../../../src/core/cards/person-text.ts';

const breakGlass = (request: ChangeRequest = { ...scaleRequest, breakGlass: true }) =>
  filed({
    request,
    decision: requireApproval({ breakGlassAllowed: true }),
    requesterStepUp: stepUpOf(alice, T0),
  });

describe('the card of a break-glass run', () => {
  test('asks approvers to acknowledge it until one does, then names who did', () => {
    const run = breakGlass();
    const before = buildApprovalCard(run, T0);
    assert.deepEqual(
      before.actions.map((a) => [a.id, a.requestId]),
      [['acknowledge', run.id]],
    );
    assert.ok(
      before.notes
        .map(plainText)
        .includes('Break-glass under INC-4312: ran without approval, review pending'),
    );

    const reviewed = acknowledgeBreakGlass(run, { ...bob, displayName: 'Bob' }, ['sre-leads'], T0 + 1).record;
    const after = buildApprovalCard(reviewed, T0 + 1);
    assert.deepEqual(after.actions, []);
    assert.ok(
      after.notes
        .map(plainText)
        .includes(`Break-glass under INC-4312: ran without approval, acknowledged by ${bob.username}`),
      'named by Kubernetes username, not the editable display name',
    );
  });

  test('an active break-glass grant offers Acknowledge beside Extend and Revoke', () => {
    let record = breakGlass({ ...accessRequest(), breakGlass: true, incident: 'INC-9' });
    record = enqueue(record, T0 + 1).record;
    record = startExecution(record, T0 + 2).record;
    record = activateGrant(record, T0 + 3, 'countersign-req-1').record;
    assert.deepEqual(
      buildApprovalCard(record, T0 + 4).actions.map((a) => a.id),
      ['acknowledge', 'extend', 'revoke'],
    );
  });

  test('the acknowledgement has its own thread line', () => {
    const line = eventLine({
      type: 'break-glass-reviewed',
      requestId: 'req-1',
      at: new Date(T0).toISOString(),
      actor: 'bob@example.com',
      details: { incident: 'INC-4312', groups: ['sre-leads'] },
    });
    assert.equal(line && plainText(line), 'Break-glass under INC-4312 acknowledged by bob@example.com');
  });
});
