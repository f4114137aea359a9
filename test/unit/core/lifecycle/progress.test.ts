import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { approve } from '../../../../src/core/lifecycle/approve.ts';
import { progress } from '../../../../src/core/lifecycle/progress.ts';
import {
  T0,
  autoApprove,
  bob,
  carol,
  dave,
  denyDecision,
  filed,
  requireApproval,
  sreAndSecurity,
} from './fixtures.ts';

describe('progress', () => {
  test('counts approvals against a simple N-approval rule', () => {
    const record = filed({ decision: requireApproval({ approvalsNeeded: 2 }) });
    assert.equal(progress(record).text, '0 of 2 approvals');
    const half = approve(record, bob, ['sre-leads'], T0 + 1).record;
    const p = progress(half);
    assert.equal(p.text, '1 of 2 approvals');
    assert.equal(p.waitingFor, '1 more from sre-leads');
    assert.equal(p.complete, false);
    const full = progress(approve(half, carol, ['sre-leads'], T0 + 2).record);
    assert.equal(full.text, '2 of 2 approvals');
    assert.equal(full.complete, true);
    assert.equal(full.waitingFor, undefined);
    assert.deepEqual(full.remaining, []);
  });

  test('names each requirement still short of approvers', () => {
    let record = filed({ decision: sreAndSecurity() });
    assert.equal(progress(record).waitingFor, '2 more from sre-leads; 1 more from security');
    record = approve(record, bob, ['sre-leads'], T0 + 1).record;
    record = approve(record, carol, ['sre-leads'], T0 + 2).record;
    const p = progress(record);
    assert.equal(p.text, '2 of 3 approvals');
    assert.deepEqual(p.remaining, [
      { rule: 'secrets-need-security', approverGroups: ['security'], missing: 1 },
    ]);
    assert.equal(progress(approve(record, dave, ['security'], T0 + 3).record).complete, true);
  });

  test('says when policy decided alone', () => {
    assert.equal(progress(filed({ decision: autoApprove })).text, 'approved by policy');
    assert.equal(progress(filed({ decision: denyDecision })).text, 'denied by policy');
  });

  test('singular wording for one approval', () => {
    assert.equal(progress(filed()).text, '0 of 1 approval');
  });
});
