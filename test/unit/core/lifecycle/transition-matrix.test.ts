import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IllegalTransitionError } from '../../../../src/core/errors.ts';
import { activateGrant } from '../../../../src/core/lifecycle/activate-grant.ts';
import { approve } from '../../../../src/core/lifecycle/approve.ts';
import { cancel } from '../../../../src/core/lifecycle/cancel.ts';
import { deny } from '../../../../src/core/lifecycle/deny.ts';
import { enqueue } from '../../../../src/core/lifecycle/enqueue.ts';
import { expireGrant } from '../../../../src/core/lifecycle/expire-grant.ts';
import { expireUndecided } from '../../../../src/core/lifecycle/expire-undecided.ts';
import { extendGrant } from '../../../../src/core/lifecycle/extend-grant.ts';
import { fail } from '../../../../src/core/lifecycle/fail.ts';
import { revokeGrant } from '../../../../src/core/lifecycle/revoke-grant.ts';
import type { RequestRecord } from '../../../../src/core/lifecycle/request-record.ts';
import { REQUEST_STATES, type RequestState } from '../../../../src/core/lifecycle/request-state.ts';
import { stopByPolicy } from '../../../../src/core/lifecycle/stop-by-policy.ts';
import { startExecution } from '../../../../src/core/lifecycle/start-execution.ts';
import { succeed } from '../../../../src/core/lifecycle/succeed.ts';
import type { TransitionResult } from '../../../../src/core/lifecycle/transition-result.ts';
import { HOUR, MINUTE, T0, accessRequest, alice, bob, denyDecision, filed } from './fixtures.ts';

const access = accessRequest(HOUR / 1000);

/** Reaches every state through real transitions, on an access request needing one sre-lead. */
function recordIn(state: RequestState): RequestRecord {
  const pending = filed({ request: access });
  const approved = approve(pending, bob, ['sre-leads'], T0 + 1).record;
  const queued = enqueue(approved, T0 + 2).record;
  const executing = startExecution(queued, T0 + 3).record;
  const active = activateGrant(executing, T0 + 4, 'countersign-req-1').record;
  const reached: Record<RequestState, () => RequestRecord> = {
    pending: () => pending,
    approved: () => approved,
    denied: () => filed({ request: access, decision: denyDecision }),
    expired: () => expireUndecided(pending, T0 + 2 * HOUR).record,
    cancelled: () => cancel(pending, alice, T0 + 1).record,
    queued: () => queued,
    executing: () => executing,
    succeeded: () => succeed(executing, T0 + 4, 'bound').record,
    failed: () => fail(executing, T0 + 4, 'forbidden').record,
    active: () => active,
    revoked: () => revokeGrant(active, alice, T0 + 5).record,
  };
  const record = reached[state]();
  assert.equal(record.state, state);
  return record;
}

const SOON = T0 + 10 * MINUTE;
const LATER = T0 + 10 * HOUR;

const transitions: Record<
  string,
  { run: (r: RequestRecord) => TransitionResult; from: RequestState[]; to: RequestState }
> = {
  approve: {
    run: (r) =>
      approve(r, { ...bob, username: 'carol@example.com', platformUserId: 'U0C' }, ['sre-leads'], SOON),
    from: ['pending'],
    to: 'approved',
  },
  deny: { run: (r) => deny(r, bob, ['sre-leads'], 'no', SOON), from: ['pending'], to: 'denied' },
  cancel: { run: (r) => cancel(r, alice, SOON), from: ['pending'], to: 'cancelled' },
  expireUndecided: { run: (r) => expireUndecided(r, LATER), from: ['pending'], to: 'expired' },
  enqueue: { run: (r) => enqueue(r, SOON), from: ['approved'], to: 'queued' },
  startExecution: { run: (r) => startExecution(r, SOON), from: ['queued', 'executing'], to: 'executing' },
  succeed: { run: (r) => succeed(r, SOON, 'done'), from: ['executing'], to: 'succeeded' },
  fail: { run: (r) => fail(r, SOON, 'boom'), from: ['queued', 'executing'], to: 'failed' },
  activateGrant: { run: (r) => activateGrant(r, SOON, 'b'), from: ['executing', 'succeeded'], to: 'active' },
  extendGrant: { run: (r) => extendGrant(r, bob, 600, SOON, ['sre-leads']), from: ['active'], to: 'active' },
  revokeGrant: { run: (r) => revokeGrant(r, alice, SOON), from: ['active'], to: 'revoked' },
  expireGrant: { run: (r) => expireGrant(r, LATER), from: ['active'], to: 'expired' },
  stopByPolicy: {
    run: (r) => stopByPolicy(r, SOON, 'change freeze'),
    from: ['pending', 'approved', 'queued'],
    to: 'denied',
  },
};

describe('every transition from every state', () => {
  for (const [name, { run, from, to }] of Object.entries(transitions)) {
    for (const state of REQUEST_STATES) {
      if (from.includes(state)) {
        test(`${name} is allowed from ${state}, bumps the version once and changes nothing else in place`, () => {
          const record = recordIn(state);
          const snapshot = structuredClone(record);
          const result = run(record);
          assert.equal(result.record.state, to);
          assert.equal(result.record.version, record.version + 1);
          assert.deepEqual(record, snapshot, 'the input record is never mutated');
          if (name !== 'startExecution')
            assert.ok(result.events.length > 0, 'every other transition is audited');
          for (const event of result.events) assert.equal(event.requestId, 'req-1');
        });
      } else {
        test(`${name} is refused from ${state}, naming the state`, () => {
          const record = recordIn(state);
          assert.throws(
            () => run(record),
            (e: unknown) => e instanceof IllegalTransitionError && e.message.startsWith('Request req-1 '),
          );
        });
      }
    }
  }
});

describe('execution bookkeeping', () => {
  test('each start counts an attempt; success and failure keep the count and record the outcome', () => {
    const queued = recordIn('queued');
    const first = startExecution(queued, T0 + 10).record;
    const retried = startExecution(first, T0 + 20).record;
    assert.deepEqual(retried.execution, { attempts: 2, startedAt: T0 + 20 });
    const done = succeed(retried, T0 + 30, 'scaled api 3 → 5');
    assert.deepEqual(done.record.execution, {
      attempts: 2,
      startedAt: T0 + 20,
      finishedAt: T0 + 30,
      result: 'scaled api 3 → 5',
    });
    // The audit names the identity the action ran as: the requester, impersonated (issue 15 item 16).
    const asAlice = { kind: 'requester', username: 'alice@example.com', groups: ['developers'] };
    assert.deepEqual(done.events[0]?.details, {
      attempts: 2,
      result: 'scaled api 3 → 5',
      executedAs: asAlice,
    });
    const failed = fail(retried, T0 + 30, 'deployments.apps "api" is forbidden');
    assert.equal(failed.record.execution?.error, 'deployments.apps "api" is forbidden');
    assert.deepEqual(failed.events[0]?.details, {
      attempts: 2,
      error: 'deployments.apps "api" is forbidden',
      executedAs: asAlice,
    });
    const asCountersign = succeed(
      { ...retried, decision: { ...retried.decision, executeAs: 'countersign' } as typeof retried.decision },
      T0 + 30,
      'x',
    );
    assert.deepEqual((asCountersign.events[0]?.details as { executedAs?: unknown }).executedAs, {
      kind: 'countersign',
    });
  });

  test('an action request cannot be activated as a grant', () => {
    let record = filed();
    record = approve(record, bob, ['sre-leads'], T0 + 1).record;
    record = startExecution(enqueue(record, T0 + 2).record, T0 + 3).record;
    assert.throws(() => activateGrant(record, T0 + 4, 'b'), /is an action, not an access request/);
  });

  test('expireUndecided before the deadline is refused, at the deadline it expires', () => {
    const pending = recordIn('pending');
    const deadline = pending.decisionDeadline ?? assert.fail('pending has a deadline');
    assert.throws(() => expireUndecided(pending, deadline - 1), /cannot expire yet/);
    const { record, events } = expireUndecided(pending, deadline);
    assert.equal(record.state, 'expired');
    assert.deepEqual(events[0]?.details, { deadline: new Date(deadline).toISOString() });
  });
});
