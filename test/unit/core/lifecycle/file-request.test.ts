import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NotAuthorizedError } from '../../../../src/core/errors.ts';
import { fileRequest, type FileRequestInput } from '../../../../src/core/lifecycle/file-request.ts';
import {
  T0,
  accessRequest,
  alice,
  autoApprove,
  denyDecision,
  requireApproval,
  scaleRequest,
  stepUpOf,
} from './fixtures.ts';

const input = (overrides: Partial<FileRequestInput> = {}): FileRequestInput => ({
  id: 'req-7',
  request: scaleRequest,
  text: 'scale deployment/api --replicas 5 -n prod-payments',
  cluster: 'prod',
  requester: alice,
  decision: requireApproval({ requestTtlSeconds: 1800 }),
  at: T0,
  ...overrides,
});

describe('fileRequest', () => {
  test('require-approval files a pending request whose deadline is createdAt + TTL', () => {
    const { record, events } = fileRequest(input({ preview: ['scale api 3 → 5'] }));
    assert.equal(record.state, 'pending');
    assert.equal(record.version, 1);
    assert.equal(record.createdAt, T0);
    assert.equal(record.decisionDeadline, T0 + 1800 * 1000);
    assert.deepEqual(record.timestamps, { pending: T0 });
    assert.deepEqual(record.preview, ['scale api 3 → 5']);
    assert.equal(record.incident, 'INC-4312');
    assert.deepEqual(record.approvals, []);
    assert.deepEqual(
      events.map((e) => [e.type, e.actor]),
      [
        ['submitted', 'alice@example.com'],
        ['decided', 'countersign'],
      ],
    );
    const submitted = events[0];
    assert.equal(submitted?.type, 'submitted');
    if (submitted?.type === 'submitted') {
      assert.equal(submitted.details.verb, 'scale');
      assert.equal(submitted.details.namespace, 'prod-payments');
      assert.equal(submitted.at, new Date(T0).toISOString());
    }
    const decided = events[1];
    if (decided?.type !== 'decided') assert.fail('second event must be decided');
    assert.equal(decided.details.outcome, 'require-approval');
    assert.equal(decided.details.approvalsNeeded, 1);
  });

  test('a policy deny files the request as denied, with the policy reason', () => {
    const { record, events } = fileRequest(input({ decision: denyDecision }));
    assert.equal(record.state, 'denied');
    assert.deepEqual(record.denial, { by: 'policy', reason: denyDecision.reason, at: T0 });
    assert.equal(record.decisionDeadline, undefined);
    const decided = events.find((e) => e.type === 'decided');
    if (decided?.type !== 'decided') assert.fail('missing decided event');
    assert.equal(decided.details.reason, denyDecision.reason);
    assert.deepEqual(decided.details.matchedRules, ['no-prod-secrets']);
  });

  test('auto-approve files the request as approved with no deadline', () => {
    const { record, events } = fileRequest(input({ decision: autoApprove }));
    assert.equal(record.state, 'approved');
    assert.equal(record.decisionDeadline, undefined);
    assert.deepEqual(
      events.map((e) => e.type),
      ['submitted', 'decided'],
    );
  });

  test('break-glass that policy allows runs at once after the requester steps up, recorded for review', () => {
    const { record, events } = fileRequest(
      input({
        request: { ...scaleRequest, breakGlass: true },
        decision: requireApproval({ breakGlassAllowed: true }),
        requesterStepUp: stepUpOf(alice, T0 - 1000),
      }),
    );
    assert.equal(record.state, 'approved');
    assert.deepEqual(record.breakGlass, { at: T0, incident: 'INC-4312' });
    assert.deepEqual(
      events.map((e) => [e.type, e.actor]),
      [
        ['submitted', 'alice@example.com'],
        ['decided', 'countersign'],
        ['step-up', 'alice@example.com'],
        ['break-glass', 'alice@example.com'],
      ],
    );
  });

  test('break-glass always needs the requester to step up, even where policy does not ask for it', () => {
    const decision = requireApproval({ breakGlassAllowed: true, requesterStepUp: false });
    assert.throws(
      () => fileRequest(input({ request: { ...scaleRequest, breakGlass: true }, decision })),
      (error: unknown) =>
        error instanceof NotAuthorizedError &&
        error.code === 'step_up_required' &&
        /Break-glass runs only after you sign in again/.test(error.message),
    );
  });

  test('--break-glass where policy auto-approves runs as auto-approved, with no step-up and no review', () => {
    const { record } = fileRequest(
      input({ request: { ...scaleRequest, breakGlass: true }, decision: autoApprove }),
    );
    assert.equal(record.state, 'approved');
    assert.equal(record.breakGlass, undefined);
  });

  test('break-glass that policy does not allow is refused, not silently filed (before any step-up is asked)', () => {
    assert.throws(
      () => fileRequest(input({ request: { ...scaleRequest, breakGlass: true } })),
      (error: unknown) =>
        error instanceof NotAuthorizedError &&
        error.code === 'break_glass_not_allowed' &&
        /does not allow --break-glass/.test(error.message),
    );
  });

  test('break-glass without an incident is refused with an example', () => {
    const request = { ...scaleRequest, breakGlass: true, incident: undefined };
    assert.throws(
      () => fileRequest(input({ request, decision: requireApproval({ breakGlassAllowed: true }) })),
      { code: 'break_glass_not_allowed', message: /--incident INC-/ },
    );
  });

  test('a decision wanting requester step-up refuses filing without evidence and records it with', () => {
    const decision = requireApproval({ requesterStepUp: true });
    assert.throws(() => fileRequest(input({ decision })), { code: 'step_up_required' });
    const { record, events } = fileRequest(input({ decision, requesterStepUp: stepUpOf(alice, T0 - 1000) }));
    assert.equal(record.state, 'pending');
    const stepUp = events.find((e) => e.type === 'step-up');
    if (stepUp?.type !== 'step-up') assert.fail('missing step-up event');
    assert.equal(stepUp.actor, 'alice@example.com');
    assert.equal(stepUp.details.authTime, new Date(T0 - 1000).toISOString());
  });

  test('an access request longer than maxDuration is refused, naming both lengths', () => {
    assert.throws(
      () => fileRequest(input({ request: accessRequest(12 * 3600), decision: requireApproval() })),
      { code: 'max_duration_exceeded', message: /asked for 12h.*at most 8h/ },
    );
    const { record } = fileRequest(input({ request: accessRequest(8 * 3600) }));
    assert.equal(record.state, 'pending');
  });
});
