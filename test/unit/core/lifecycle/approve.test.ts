import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IllegalTransitionError, NotAuthorizedError } from '../../../../src/core/errors.ts';
import { approve } from '../../../../src/core/lifecycle/approve.ts';
import { deny } from '../../../../src/core/lifecycle/deny.ts';
import { ManualClock } from '../../../../src/core/ports/clock.ts';
import {
  MINUTE,
  T0,
  alice,
  bob,
  carol,
  dave,
  erin,
  filed,
  requireApproval,
  sreAndSecurity,
  stepUpOf,
} from './fixtures.ts';

describe('approve', () => {
  test('one approval from an sre-lead approves a one-approval request', () => {
    const record = filed();
    const { record: next, events } = approve(record, bob, ['sre-leads'], T0 + MINUTE);
    assert.equal(next.state, 'approved');
    assert.equal(next.version, record.version + 1);
    assert.equal(next.timestamps.approved, T0 + MINUTE);
    assert.deepEqual(next.approvals, [{ approver: bob, groups: ['sre-leads'], at: T0 + MINUTE }]);
    assert.equal(events.length, 1);
    const event = events[0];
    if (event?.type !== 'approved') assert.fail('expected an approved event');
    assert.equal(event.actor, 'bob@example.com');
    assert.deepEqual(event.details, { groups: ['sre-leads'], approvals: 1, complete: true });
  });

  test('the requester can never approve or deny their own request', () => {
    const record = filed();
    const asRequester = { ...alice, groups: ['sre-leads'] };
    assert.throws(() => approve(record, asRequester, ['sre-leads'], T0), {
      code: 'self_approval',
      message: /You filed request req-1/,
    });
    assert.throws(() => deny(record, asRequester, ['sre-leads'], 'no', T0), {
      code: 'self_approval',
      message: /cancel req-1/,
    });
  });

  test('self-approval is caught by platform user ID and by username alike', () => {
    const record = filed();
    const sameId = { ...bob, platformUserId: alice.platformUserId };
    const sameUser = { ...bob, username: 'ALICE@example.com' };
    for (const who of [sameId, sameUser]) {
      assert.throws(
        () => approve(record, who, ['sre-leads'], T0),
        (e: unknown) => e instanceof NotAuthorizedError && e.code === 'self_approval',
      );
    }
  });

  test('someone in no approver group is refused, naming the groups', () => {
    assert.throws(() => approve(filed(), dave, ['security'], T0), {
      code: 'not_an_approver',
      message: /member of sre-leads/,
    });
  });

  test('groups are those authorized at the click, not those on the principal', () => {
    const formerLead = { ...dave, groups: ['sre-leads'] };
    assert.throws(() => approve(filed(), formerLead, [], T0), { code: 'not_an_approver' });
  });

  test('N approvals needs N distinct people', () => {
    let record = filed({ decision: requireApproval({ approvalsNeeded: 3 }) });
    record = approve(record, bob, ['sre-leads'], T0 + 1).record;
    record = approve(record, carol, ['sre-leads'], T0 + 2).record;
    assert.equal(record.state, 'pending');
    assert.equal(record.approvals.length, 2);
    const third = approve(record, erin, ['sre-leads'], T0 + 3);
    assert.equal(third.record.state, 'approved');
    assert.deepEqual(
      third.record.approvals.map((a) => a.approver.username),
      ['bob@example.com', 'carol@example.com', 'erin@example.com'],
    );
  });

  test('a second click by the same person changes nothing and emits nothing', () => {
    const record = approve(
      filed({ decision: requireApproval({ approvalsNeeded: 2 }) }),
      bob,
      ['sre-leads'],
      T0 + 1,
    ).record;
    const again = approve(record, bob, ['sre-leads'], T0 + 2);
    assert.equal(again.record, record);
    assert.deepEqual(again.events, []);
    const sameUsernameOtherDevice = { ...bob, platform: 'teams' as const, platformUserId: 'entra-bob' };
    assert.equal(
      approve(record, sameUsernameOtherDevice, ['sre-leads'], T0 + 3).record.version,
      record.version,
    );
  });

  test('a double click after the request was approved is still a no-op, not an error', () => {
    const approved = approve(filed(), bob, ['sre-leads'], T0 + 1).record;
    const again = approve(approved, bob, ['sre-leads'], T0 + 2);
    assert.equal(again.record, approved);
    assert.deepEqual(again.events, []);
  });

  test('2 sre-leads + 1 security: every requirement must be met by its own groups', () => {
    let record = filed({ decision: sreAndSecurity() });
    record = approve(record, bob, ['sre-leads'], T0 + 1).record;
    record = approve(record, carol, ['sre-leads'], T0 + 2).record;
    assert.equal(record.state, 'pending', 'two sre-leads meet approvalsNeeded but not the security rule');
    const last = approve(record, dave, ['security'], T0 + 3);
    assert.equal(last.record.state, 'approved');
    const event = last.events[0];
    if (event?.type !== 'approved') assert.fail('expected an approved event');
    assert.deepEqual(event.details, { groups: ['security'], approvals: 3, complete: true });
  });

  test('security alone cannot stand in for the sre-leads requirement', () => {
    let record = filed({ decision: sreAndSecurity() });
    const secondSecurity = { ...erin, username: 'frank@example.com', platformUserId: 'U0FRANK' };
    record = approve(record, dave, ['security'], T0 + 1).record;
    record = approve(record, secondSecurity, ['security'], T0 + 2).record;
    record = approve(record, bob, ['sre-leads'], T0 + 3).record;
    assert.equal(record.state, 'pending');
    assert.equal(approve(record, carol, ['sre-leads'], T0 + 4).record.state, 'approved');
  });

  test('an approver in both groups counts once toward each requirement', () => {
    let record = filed({ decision: sreAndSecurity() });
    record = approve(record, erin, ['sre-leads', 'security'], T0 + 1).record;
    assert.deepEqual(record.approvals[0]?.groups, ['sre-leads', 'security']);
    assert.equal(record.state, 'pending');
    assert.equal(approve(record, bob, ['sre-leads'], T0 + 2).record.state, 'approved');
  });

  test('with step-up required, a click without evidence is refused and one with it is recorded', () => {
    const record = filed({ decision: requireApproval({ stepUp: true }) });
    assert.throws(
      () => approve(record, bob, ['sre-leads'], T0 + 1),
      (e: unknown) => e instanceof NotAuthorizedError && e.code === 'step_up_required',
    );
    const evidence = stepUpOf(bob, T0);
    const { record: next, events } = approve(record, bob, ['sre-leads'], T0 + 1, evidence);
    assert.equal(next.state, 'approved');
    assert.deepEqual(next.approvals[0]?.stepUp, evidence);
    assert.deepEqual(
      events.map((e) => e.type),
      ['step-up', 'approved'],
    );
  });

  test('a click on a request that is no longer pending names its state', () => {
    const denied = deny(filed(), bob, ['sre-leads'], 'not during the freeze', T0 + 1).record;
    assert.throws(
      () => approve(denied, carol, ['sre-leads'], T0 + 2),
      (e: unknown) =>
        e instanceof IllegalTransitionError &&
        e.message === 'Request req-1 was denied, so it cannot be approved.',
    );
  });

  test('a click after the TTL expires the request instead of approving it', () => {
    const clock = new ManualClock(T0);
    const record = filed({ at: clock.now(), decision: requireApproval({ requestTtlSeconds: 1800 }) });
    clock.advance(29 * MINUTE);
    const early = approve(record, bob, ['sre-leads'], clock.now());
    assert.equal(early.record.state, 'approved');
    clock.advance(MINUTE);
    const late = approve(record, bob, ['sre-leads'], clock.now());
    assert.equal(late.record.state, 'expired');
    assert.deepEqual(late.record.approvals, []);
    assert.deepEqual(
      late.events.map((e) => e.type),
      ['expired'],
    );
  });
});
