import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verifyChain } from '../../../../src/core/audit/verify-chain.ts';
import type { StepUpEvidence } from '../../../../src/core/lifecycle/request-record.ts';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';
import type { StepUpIntent } from '../../../../src/core/ports/step-up.ts';
import { decideRequest } from '../../../../src/core/workflow/decide-request.ts';
import { reviewBreakGlass } from '../../../../src/core/workflow/review-break-glass.ts';
import { submitRequest } from '../../../../src/core/workflow/submit-request.ts';
import { withStepUp } from '../../../../src/core/workflow/with-step-up.ts';
import { people, workflowFixture } from './workflow-harness.ts';

const POLICY = loadPolicy(
  `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: break-glass-test }
spec:
  approverGroups:
    sre-leads: { users: [bob@example.com, carol@example.com] }
  rules:
    - name: prod
      match: { namespaces: [prod-*] }
      outcome: require-approval
      approval: { approverGroups: [sre-leads], stepUp: true, allowBreakGlass: true }
`,
  'break-glass-test',
);

const breakGlassText =
  'scale deployment/api --replicas 9 -n prod-payments --incident INC-4312 --break-glass --reason "site down"';

function fixture() {
  const base = workflowFixture();
  return { ...base, deps: { ...base.deps, policy: () => POLICY } };
}

const evidenceOf = (subject: string, authTime: number): StepUpEvidence => ({
  issuer: 'https://id.example.com',
  subject,
  acr: 'mfa',
  amr: ['mfa', 'otp'],
  authTime,
});

describe('break-glass through the workflow', () => {
  test('without the requester’s step-up nothing is filed; with it the run is approved, queued and unreviewed', async () => {
    const { deps, store, queue, audit, submission, clock } = fixture();
    await assert.rejects(submitRequest(deps, submission(breakGlassText)), { code: 'step_up_required' });
    assert.equal(store.records.size, 0);

    const record = await submitRequest(deps, {
      ...submission(breakGlassText),
      requesterStepUp: evidenceOf('id-alice', clock.now()),
    });
    assert.equal(record.state, 'approved');
    assert.deepEqual(record.breakGlass, { at: clock.now(), incident: 'INC-4312' });
    assert.ok(queue.find('execute-action', record.id));
    assert.deepEqual(
      (await store.listUnreviewedBreakGlass()).map((r) => r.id),
      [record.id],
    );
    assert.deepEqual(
      audit.records.map((r) => r.event.type),
      ['submitted', 'decided', 'step-up', 'break-glass'],
    );
  });

  test('an approver acknowledges it once; the requester and outsiders cannot; every card is refreshed', async () => {
    const { deps, store, queue, audit, submission, clock } = fixture();
    const { id } = await submitRequest(deps, {
      ...submission(breakGlassText),
      requesterStepUp: evidenceOf('id-alice', clock.now()),
    });
    await assert.rejects(reviewBreakGlass(deps, id, people.alice), { code: 'self_approval' });
    await assert.rejects(reviewBreakGlass(deps, id, people.mallory), { code: 'not_an_approver' });
    clock.advance(60_000);
    const reviewed = await reviewBreakGlass(deps, id, people.bob);
    assert.equal(reviewed.changed, true);
    assert.equal(reviewed.record.breakGlass?.review?.by.username, 'bob@example.com');
    assert.ok(queue.jobs.has(`notify.${id}.${reviewed.record.version}`));
    const again = await reviewBreakGlass(deps, id, people.carol);
    assert.equal(again.changed, false);
    assert.deepEqual(await store.listUnreviewedBreakGlass(), []);
    assert.equal(audit.records.filter((r) => r.event.type === 'break-glass-reviewed').length, 1);
    assert.equal(verifyChain(audit.records).ok, true);
  });
});

describe('withStepUp', () => {
  test('a step_up_required refusal becomes a link for the intent; the approval counts only with evidence', async () => {
    const { deps, submission, clock } = fixture();
    const { id } = await submitRequest(
      deps,
      submission('scale deployment/api --replicas 5 -n prod-payments --reason load'),
    );
    const begun: StepUpIntent[] = [];
    const stepUp = {
      begin: (intent: StepUpIntent) => (
        begun.push(intent),
        Promise.resolve(`https://cs/stepup/start/${begun.length}`)
      ),
    };
    const intent: StepUpIntent = { kind: 'approve', requestId: id, person: people.bob };
    const approve = () => decideRequest(deps, { requestId: id, person: people.bob, verdict: 'approve' });

    const asked = await withStepUp(stepUp, intent, approve);
    assert.ok('stepUpUrl' in asked);
    assert.equal(asked.stepUpUrl, 'https://cs/stepup/start/1');
    assert.match(asked.message, /sign in again/);
    assert.deepEqual(begun, [intent]);
    assert.equal((await deps.store.get(id))?.approvals.length, 0);

    const done = await withStepUp(stepUp, intent, () =>
      decideRequest(deps, {
        requestId: id,
        person: people.bob,
        verdict: 'approve',
        stepUp: evidenceOf('id-bob', clock.now()),
      }),
    );
    assert.ok('done' in done);
    assert.equal(done.done.record.state, 'approved');
    assert.equal(begun.length, 1);
  });

  test('other refusals, and step-up when none is configured, are thrown as they were', async () => {
    const { deps, submission } = fixture();
    const { id } = await submitRequest(
      deps,
      submission('scale deployment/api --replicas 5 -n prod-payments --reason load'),
    );
    const stepUp = { begin: () => Promise.reject(new Error('must not be called')) };
    await assert.rejects(
      withStepUp(stepUp, { kind: 'approve', requestId: id, person: people.mallory }, () =>
        decideRequest(deps, { requestId: id, person: people.mallory, verdict: 'approve' }),
      ),
      { code: 'not_an_approver' },
    );
    await assert.rejects(
      withStepUp(undefined, { kind: 'approve', requestId: id, person: people.bob }, () =>
        decideRequest(deps, { requestId: id, person: people.bob, verdict: 'approve' }),
      ),
      { code: 'step_up_required' },
    );
  });
});
