import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { indexPlacement, isFinal } from '../../../../src/adapters/store/index-placement.ts';
import type { RequestRecord } from '../../../../src/core/lifecycle/request-record.ts';
import { REQUEST_STATES, type RequestState } from '../../../../src/core/lifecycle/request-state.ts';
import type { RequireApprovalDecision } from '../../../../src/core/policy/decision.ts';

const decision = {
  outcome: 'require-approval',
  approverGroups: ['sre-leads', 'security', 'sre-leads'],
} as unknown as RequireApprovalDecision;

function record(state: RequestState, type: 'action' | 'access'): RequestRecord {
  return {
    id: 'r',
    version: 3,
    state,
    request: { type },
    decision,
    createdAt: 1000,
    timestamps: { [state]: 1500 },
    grant: { grantedAt: 2000, expiresAt: 9000, bindingName: 'b', extensions: [] },
  } as unknown as RequestRecord;
}

describe('indexPlacement', () => {
  test('final states are the ends of docs/spec.md §3; succeeded is final for an action, not for access', () => {
    const finals = (type: 'action' | 'access') => REQUEST_STATES.filter((s) => isFinal(record(s, type)));
    assert.deepEqual(finals('action'), ['denied', 'expired', 'cancelled', 'succeeded', 'failed', 'revoked']);
    assert.deepEqual(finals('access'), ['denied', 'expired', 'cancelled', 'failed', 'revoked']);
  });

  test('open while not final, pending only in pending, active only in active with the expiry as score, in flight while approved, queued or executing', () => {
    for (const state of REQUEST_STATES) {
      const placement = indexPlacement(record(state, 'access'));
      assert.equal(placement.open, isFinal(record(state, 'access')) ? undefined : 1000, state);
      assert.equal(placement.pending, state === 'pending' ? 1000 : undefined, state);
      assert.equal(placement.active, state === 'active' ? 9000 : undefined, state);
      const inFlight = state === 'approved' || state === 'queued' || state === 'executing';
      assert.equal(placement.inFlight, inFlight ? 1500 : undefined, state);
      assert.deepEqual(
        placement.approverGroups,
        ['sre-leads', 'security'],
        'every version names the same groups',
      );
    }
  });

  test('a decision without approvers names no pending sets', () => {
    const auto = {
      ...record('approved', 'action'),
      decision: { outcome: 'auto-approve' },
    } as unknown as RequestRecord;
    assert.deepEqual(indexPlacement(auto), { open: 1000, approverGroups: [], inFlight: 1500 });
  });
});
