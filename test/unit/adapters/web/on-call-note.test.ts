import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { submitRequest } from '../../../../src/core/workflow/submit-request.ts';
import { POLICY } from '../../core/workflow/workflow-harness.ts';
import { ConsoleClient, startConsoleFixture, type ConsoleFixture } from './console-fixture.ts';

/** The workflow tests' policy plus an on-call group, with no on-call service configured. */
const WITH_ON_CALL = POLICY.replace(
  '    sre-leads: { users: [bob@example.com, carol@example.com] }',
  `    sre-leads: { users: [bob@example.com, carol@example.com] }
    sre-oncall: { onCall: { pagerduty: { scheduleId: PSCHED1 } } }`,
);

describe('console: an on-call service that cannot answer (issue 18 item 2)', () => {
  let fx: ConsoleFixture;
  before(async () => {
    fx = await startConsoleFixture();
    fx.workflow.reloadPolicy(WITH_ON_CALL);
  });
  after(() => fx.stop());

  test('Approvals still renders, with a note naming the service, the cause and the group; other groups still listed', async () => {
    const { deps, submission } = fx.workflow;
    const filed = await submitRequest(
      deps,
      submission('scale deployment/api --replicas 5 -n prod-payments --reason "load"'),
    );
    const bob = new ConsoleClient(fx.url);
    await bob.signIn('bob@example.com');
    const response = await bob.get('/approvals');
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.match(
      page,
      /<p class="note on-call-unavailable">PagerDuty schedule PSCHED1 could not be checked: PagerDuty is not configured \(set PAGERDUTY_API_TOKEN\)\. Requests waiting on sre-oncall may be missing here until it answers\.<\/p>/,
    );
    assert.match(page, new RegExp(`data-request-id="${filed.id}"`), 'sre-leads requests are still listed');
  });
});
