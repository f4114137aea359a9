import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IllegalTransitionError, NotAuthorizedError } from '../../../../src/core/errors.ts';
import { acknowledgeBreakGlass } from '../../../../src/core/lifecycle/acknowledge-break-glass.ts';
import { enqueue } from '../../../../src/core/lifecycle/enqueue.ts';
import { startExecution } from '../../../../src/core/lifecycle/start-execution.ts';
import { succeed } from '../../../../src/core/lifecycle/succeed.ts';
import {
  HOUR,
  MINUTE,
  T0,
  alice,
  bob,
  carol,
  dave,
  filed,
  requireApproval,
  scaleRequest,
  stepUpOf,
} from './fixtures.ts';

const breakGlassRun = () =>
  filed({
    request: { ...scaleRequest, breakGlass: true },
    decision: requireApproval({ breakGlassAllowed: true }),
    requesterStepUp: stepUpOf(alice, T0),
  });

describe('acknowledgeBreakGlass', () => {
  test('an approver acknowledges a finished break-glass run; its state stays, the review is recorded', () => {
    let record = breakGlassRun();
    record = enqueue(record, T0 + 1).record;
    record = startExecution(record, T0 + 2).record;
    record = succeed(record, T0 + 3, 'scaled api 3 → 5').record;
    const { record: next, events } = acknowledgeBreakGlass(record, bob, ['sre-leads'], T0 + HOUR);
    assert.equal(next.state, 'succeeded');
    assert.equal(next.version, record.version + 1);
    assert.deepEqual(next.breakGlass, {
      at: T0,
      incident: 'INC-4312',
      review: { by: bob, groups: ['sre-leads'], at: T0 + HOUR },
    });
    assert.deepEqual(
      events.map((e) => [e.type, e.actor, e.details]),
      [['break-glass-reviewed', 'bob@example.com', { incident: 'INC-4312', groups: ['sre-leads'] }]],
    );
  });

  test('a second acknowledgement, by anyone, changes nothing', () => {
    const once = acknowledgeBreakGlass(breakGlassRun(), bob, ['sre-leads'], T0 + MINUTE).record;
    for (const who of [bob, carol]) {
      const again = acknowledgeBreakGlass(once, who, ['sre-leads'], T0 + 2 * MINUTE);
      assert.equal(again.record, once);
      assert.deepEqual(again.events, []);
    }
  });

  test('the requester cannot acknowledge their own break-glass run, even as an approver', () => {
    const asApprover = { ...alice, groups: ['sre-leads'] };
    assert.throws(
      () => acknowledgeBreakGlass(breakGlassRun(), asApprover, ['sre-leads'], T0 + MINUTE),
      (e: unknown) =>
        e instanceof NotAuthorizedError && e.code === 'self_approval' && /break-glass/.test(e.message),
    );
  });

  test('someone outside the approver groups is refused, naming the groups', () => {
    assert.throws(() => acknowledgeBreakGlass(breakGlassRun(), dave, [], T0 + MINUTE), {
      code: 'not_an_approver',
      message: /sre-leads/,
    });
  });

  test('a request that did not run as break-glass has nothing to acknowledge', () => {
    assert.throws(
      () => acknowledgeBreakGlass(filed(), bob, ['sre-leads'], T0 + MINUTE),
      (e: unknown) => e instanceof IllegalTransitionError && /did not run as break-glass/.test(e.message),
    );
  });
});
