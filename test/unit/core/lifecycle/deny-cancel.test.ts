import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NotAuthorizedError } from '../../../../src/core/errors.ts';
import { approve } from '../../../../src/core/lifecycle/approve.ts';
import { cancel } from '../../../../src/core/lifecycle/cancel.ts';
import { deny } from '../../../../src/core/lifecycle/deny.ts';
import { expireUndecided } from '../../../../src/core/lifecycle/expire-undecided.ts';
import { ManualClock } from '../../../../src/core/ports/clock.ts';
import { MINUTE, T0, alice, bob, carol, dave, filed, requireApproval } from './fixtures.ts';

describe('deny', () => {
  test('an approver denies with a reason; the denial and event record it', () => {
    const { record, events } = deny(filed(), bob, ['sre-leads'], '  not during the freeze ', T0 + MINUTE);
    assert.equal(record.state, 'denied');
    assert.deepEqual(record.denial, { by: bob, reason: 'not during the freeze', at: T0 + MINUTE });
    assert.deepEqual(
      events.map((e) => [e.type, e.actor, e.details]),
      [['denied', 'bob@example.com', { reason: 'not during the freeze' }]],
    );
  });

  test('an empty reason is recorded as such rather than as blank', () => {
    assert.equal(deny(filed(), bob, ['sre-leads'], ' ', T0).record.denial?.reason, '(no reason given)');
  });

  test('a non-member cannot deny', () => {
    assert.throws(
      () => deny(filed(), dave, ['security'], 'no', T0),
      (e: unknown) => e instanceof NotAuthorizedError && e.code === 'not_an_approver',
    );
  });

  test('one approver can still deny after another approved, while approvals are incomplete', () => {
    const partly = approve(
      filed({ decision: requireApproval({ approvalsNeeded: 2 }) }),
      bob,
      ['sre-leads'],
      T0 + 1,
    );
    assert.equal(deny(partly.record, carol, ['sre-leads'], 'risky', T0 + 2).record.state, 'denied');
  });

  test('a deny click after the deadline expires the request', () => {
    const record = filed({ decision: requireApproval({ requestTtlSeconds: 60 }) });
    const late = deny(record, bob, ['sre-leads'], 'no', T0 + MINUTE);
    assert.equal(late.record.state, 'expired');
    assert.equal(late.record.denial, undefined);
  });
});

describe('cancel', () => {
  test('the requester cancels a pending request', () => {
    const { record, events } = cancel(filed(), alice, T0 + MINUTE);
    assert.equal(record.state, 'cancelled');
    assert.deepEqual(record.cancelledBy, alice);
    assert.deepEqual(
      events.map((e) => [e.type, e.actor]),
      [['cancelled', 'alice@example.com']],
    );
  });

  test('nobody else can cancel it, not even an approver', () => {
    assert.throws(() => cancel(filed(), bob, T0), {
      code: 'not_the_requester',
      message: /Only alice@example.com, who filed request req-1, can cancel it/,
    });
  });

  test('an approved request can no longer be cancelled', () => {
    const approved = approve(filed(), bob, ['sre-leads'], T0 + 1).record;
    assert.throws(() => cancel(approved, alice, T0 + 2), {
      message: 'Request req-1 is already approved, so it cannot be cancelled.',
    });
  });
});

describe('request TTL', () => {
  test('a pending request expires once the clock reaches its deadline, not before', () => {
    const clock = new ManualClock(T0);
    const record = filed({ at: clock.now(), decision: requireApproval({ requestTtlSeconds: 15 * 60 }) });
    clock.advance(15 * MINUTE - 1);
    assert.throws(() => expireUndecided(record, clock.now()), { code: 'illegal_transition' });
    clock.advance(1);
    const { record: expired, events } = expireUndecided(record, clock.now());
    assert.equal(expired.state, 'expired');
    assert.equal(expired.timestamps.expired, T0 + 15 * MINUTE);
    assert.deepEqual(
      events.map((e) => [e.type, e.actor]),
      [['expired', 'countersign']],
    );
    assert.throws(() => cancel(expired, alice, clock.now()), {
      message: /has expired, so it cannot be cancelled/,
    });
  });
});
