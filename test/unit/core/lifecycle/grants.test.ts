import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NotAuthorizedError } from '../../../../src/core/errors.ts';
import { activateGrant, grantExpiry } from '../../../../src/core/lifecycle/activate-grant.ts';
import { approve } from '../../../../src/core/lifecycle/approve.ts';
import { enqueue } from '../../../../src/core/lifecycle/enqueue.ts';
import { expireGrant } from '../../../../src/core/lifecycle/expire-grant.ts';
import { extendGrant } from '../../../../src/core/lifecycle/extend-grant.ts';
import type { RequestRecord } from '../../../../src/core/lifecycle/request-record.ts';
import { revokeGrant } from '../../../../src/core/lifecycle/revoke-grant.ts';
import { startExecution } from '../../../../src/core/lifecycle/start-execution.ts';
import { succeed } from '../../../../src/core/lifecycle/succeed.ts';
import { ManualClock } from '../../../../src/core/ports/clock.ts';
import { grantRef } from '../../../../src/core/workflow/manage-grant.ts';
import {
  HOUR,
  MINUTE,
  T0,
  accessRequest,
  alice,
  autoApprove,
  bob,
  dave,
  filed,
  requireApproval,
} from './fixtures.ts';

/** Files a 4h access request at `clock`, approves it after 30m, runs it 90m later. */
function grantThroughLifecycle(
  clock: ManualClock,
  id = 'req-1',
  maxDurationSeconds = 8 * 3600,
  holderMayExtend = true,
): RequestRecord {
  let record = filed({
    id,
    request: accessRequest(4 * 3600),
    decision: requireApproval({ maxDurationSeconds, ...(holderMayExtend ? { holderMayExtend } : {}) }),
    at: clock.now(),
  });
  clock.advance(30 * MINUTE);
  record = approve(record, bob, ['sre-leads'], clock.now()).record;
  record = enqueue(record, clock.now()).record;
  clock.advance(90 * MINUTE);
  record = startExecution(record, clock.now()).record;
  return activateGrant(record, clock.now(), `countersign-${id}`).record;
}

describe('grants', () => {
  test("a grant's clock starts when it is granted, not when it was requested or approved", () => {
    const clock = new ManualClock(T0);
    const active = grantThroughLifecycle(clock);
    assert.equal(active.state, 'active');
    assert.equal(active.grant?.grantedAt, T0 + 2 * HOUR);
    assert.equal(active.grant?.expiresAt, T0 + 6 * HOUR);
    assert.equal(active.execution?.finishedAt, T0 + 2 * HOUR);
  });

  test('activation after a recorded success uses the activation time too', () => {
    let record = filed({ request: accessRequest(1800) });
    record = approve(record, bob, ['sre-leads'], T0 + 1).record;
    record = startExecution(enqueue(record, T0 + 2).record, T0 + 3).record;
    record = succeed(record, T0 + 4, 'bound').record;
    const { record: active, events } = activateGrant(record, T0 + 5 * MINUTE, 'countersign-req-1');
    assert.equal(active.grant?.expiresAt, T0 + 5 * MINUTE + 1800 * 1000);
    assert.equal(grantExpiry(record, T0 + 5 * MINUTE), active.grant?.expiresAt);
    assert.equal(active.execution?.result, 'bound');
    assert.deepEqual(events[0]?.details, {
      bindingName: 'countersign-req-1',
      grantedAt: new Date(T0 + 5 * MINUTE).toISOString(),
      expiresAt: new Date(T0 + 5 * MINUTE + 1800 * 1000).toISOString(),
      executedAs: { kind: 'countersign' },
    });
  });

  test("the binding's UID and whether a Role was generated stay with the grant, through expiry, for a delete without a read", () => {
    let record = filed({ request: accessRequest(1800) });
    record = approve(record, bob, ['sre-leads'], T0 + 1).record;
    record = startExecution(enqueue(record, T0 + 2).record, T0 + 3).record;
    const uid = '7d0c2a4e-1f7b-4a52-9d1e-2b6c1f0e9a11';
    const active = activateGrant(record, T0 + 4, 'countersign-req-1', { uid, roleGenerated: false }).record;
    assert.equal(active.grant?.bindingUid, uid);
    const expired = expireGrant(active, T0 + 5 + 1800 * 1000, 'timer').record;
    assert.deepEqual(grantRef(expired), {
      requestId: expired.id,
      namespace: 'prod-payments',
      uid,
      roleGenerated: false,
    });
    const older = activateGrant(record, T0 + 4, 'countersign-req-1').record;
    assert.deepEqual(
      grantRef(older),
      { requestId: older.id, namespace: 'prod-payments' },
      'unknown: the delete reads first',
    );
  });

  test('where policy lets the holder extend, the requester extends within maxDuration; each extension is recorded', () => {
    const clock = new ManualClock(T0);
    const active = grantThroughLifecycle(clock);
    clock.advance(HOUR);
    const once = extendGrant(active, alice, 2 * 3600, clock.now());
    assert.equal(once.record.state, 'active');
    assert.equal(once.record.version, active.version + 1);
    assert.equal(once.record.grant?.expiresAt, T0 + 8 * HOUR);
    const twice = extendGrant(once.record, alice, 2 * 3600, clock.now()).record;
    assert.equal(
      twice.grant?.expiresAt,
      T0 + 10 * HOUR,
      'exactly maxDuration (8h) from grantedAt is allowed',
    );
    assert.deepEqual(
      twice.grant?.extensions.map((e) => [e.from, e.to]),
      [
        [T0 + 6 * HOUR, T0 + 8 * HOUR],
        [T0 + 8 * HOUR, T0 + 10 * HOUR],
      ],
    );
    assert.deepEqual(once.events[0]?.details, {
      bindingName: 'countersign-req-1',
      from: new Date(T0 + 6 * HOUR).toISOString(),
      to: new Date(T0 + 8 * HOUR).toISOString(),
    });
  });

  test('an extension beyond maxDuration is refused, naming both lengths and what is left', () => {
    const clock = new ManualClock(T0);
    const active = grantThroughLifecycle(clock, 'req-1', 5 * 3600);
    assert.throws(
      () => extendGrant(active, alice, 2 * 3600, clock.now()),
      (e: unknown) =>
        e instanceof NotAuthorizedError &&
        e.code === 'max_duration_exceeded' &&
        e.message.includes('last 6h') &&
        e.message.includes('at most 5h') &&
        e.message.includes('up to 1h'),
    );
  });

  test('by default the holder alone cannot extend beyond what approvers approved; an approver can, up to maxDuration', () => {
    const clock = new ManualClock(T0);
    const active = grantThroughLifecycle(clock, 'req-1', 8 * 3600, false);
    clock.advance(HOUR);
    assert.throws(
      () => extendGrant(active, alice, 600, clock.now()),
      (e: unknown) =>
        e instanceof NotAuthorizedError &&
        e.code === 'extension_needs_approval' &&
        e.message.includes('approved this grant for 4h') &&
        e.message.includes('sre-leads'),
    );
    const byApprover = extendGrant(active, bob, 2 * 3600, clock.now(), ['sre-leads']).record;
    assert.equal(byApprover.grant?.expiresAt, T0 + 8 * HOUR);
    assert.throws(() => extendGrant(byApprover, alice, 600, clock.now()), {
      code: 'extension_needs_approval',
    });
    assert.throws(() => extendGrant(byApprover, bob, 3 * 3600, clock.now(), ['sre-leads']), {
      code: 'max_duration_exceeded',
    });
    const autoApproved = { ...active, decision: { ...autoApprove, maxDurationSeconds: 8 * 3600 } };
    assert.equal(
      extendGrant(autoApproved, alice, 600, clock.now()).record.grant?.expiresAt,
      T0 + 6 * HOUR + 600_000,
      'nobody approved a length of an auto-approved grant: its holder extends up to maxDuration',
    );
  });

  test('an approver-group member may extend; anyone else may not', () => {
    const clock = new ManualClock(T0);
    const active = grantThroughLifecycle(clock);
    assert.equal(
      extendGrant(active, bob, 600, clock.now(), ['sre-leads']).record.grant?.extensions[0]?.by,
      bob,
    );
    assert.throws(() => extendGrant(active, dave, 600, clock.now(), ['security']), {
      code: 'not_allowed_to_extend',
    });
    assert.throws(() => extendGrant(active, bob, 600, clock.now()), { code: 'not_allowed_to_extend' });
  });

  test('an extension must be a positive whole number of seconds', () => {
    const active = grantThroughLifecycle(new ManualClock(T0));
    assert.throws(() => extendGrant(active, alice, 0, T0 + 3 * HOUR), { code: 'invalid_duration' });
    assert.throws(() => extendGrant(active, alice, 1.5, T0 + 3 * HOUR), { code: 'invalid_duration' });
  });

  test('a grant past its expiresAt cannot be extended', () => {
    const clock = new ManualClock(T0);
    const active = grantThroughLifecycle(clock);
    clock.set(active.grant?.expiresAt ?? 0);
    assert.throws(() => extendGrant(active, alice, 600, clock.now()), { message: /cannot be extended/ });
  });

  test('revoke before expiry ends the grant early and records who', () => {
    const clock = new ManualClock(T0);
    const active = grantThroughLifecycle(clock);
    clock.advance(30 * MINUTE);
    const { record, events } = revokeGrant(active, alice, clock.now());
    assert.equal(record.state, 'revoked');
    assert.deepEqual(record.grant?.revokedBy, alice);
    assert.equal(record.grant?.endedAt, T0 + 2.5 * HOUR);
    assert.deepEqual(
      events.map((e) => [e.type, e.actor, e.details]),
      [['revoked', 'alice@example.com', { bindingName: 'countersign-req-1' }]],
    );
    assert.throws(() => revokeGrant(active, dave, clock.now(), ['security']), {
      code: 'not_allowed_to_revoke',
    });
  });

  test('a revoke arriving after expiresAt records the expiry instead', () => {
    const active = grantThroughLifecycle(new ManualClock(T0));
    const late = revokeGrant(active, alice, active.grant?.expiresAt ?? 0);
    assert.equal(late.record.state, 'expired');
    assert.deepEqual(
      late.events.map((e) => e.type),
      ['grant-expired'],
    );
  });

  test('a grant expires at expiresAt, not before; the sweep audits its own kind of event', () => {
    const clock = new ManualClock(T0);
    const active = grantThroughLifecycle(clock);
    const expiresAt = active.grant?.expiresAt ?? 0;
    assert.throws(() => expireGrant(active, expiresAt - 1), { message: /cannot expire yet/ });
    const timer = expireGrant(active, expiresAt);
    assert.equal(timer.record.state, 'expired');
    assert.equal(timer.record.grant?.endedAt, expiresAt);
    assert.equal(timer.events[0]?.type, 'grant-expired');
    assert.equal(expireGrant(active, expiresAt + HOUR, 'sweep').events[0]?.type, 'swept');
  });

  test('two grants of the same role to the same person are independent records', () => {
    const clock = new ManualClock(T0);
    const first = grantThroughLifecycle(clock, 'req-1');
    clock.advance(30 * MINUTE);
    const second = grantThroughLifecycle(clock, 'req-2');
    assert.notEqual(first.grant?.bindingName, second.grant?.bindingName);
    assert.equal(second.grant?.expiresAt, (first.grant?.expiresAt ?? 0) + 2.5 * HOUR);

    const revokedFirst = revokeGrant(first, alice, clock.now()).record;
    assert.equal(revokedFirst.state, 'revoked');
    assert.equal(second.state, 'active', 'ending one grant leaves the other in force');
    assert.throws(() => expireGrant(second, first.grant?.expiresAt ?? 0), { message: /cannot expire yet/ });
    assert.equal(expireGrant(second, second.grant?.expiresAt ?? 0).record.state, 'expired');
  });
});
