import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileRequest } from '../../../../src/core/lifecycle/file-request.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../../src/core/requests/request-types.ts';
import { requireApproval } from '../../../integration/store/fixtures.ts';
import { ConsoleClient, startConsoleFixture, type ConsoleFixture } from './console-fixture.ts';

const TEXT =
  'scale deployment/api --replicas 9 -n prod-payments --incident INC-4312 --break-glass --reason "site down"';

describe('the console’s security review: break-glass runs on the Approvals page', () => {
  let fx: ConsoleFixture;
  before(async () => {
    fx = await startConsoleFixture();
  });
  after(() => fx.stop());

  /** A break-glass run by alice, as the step-up callback files it. */
  async function fileBreakGlassRun(id: string): Promise<void> {
    const at = fx.workflow.clock.now();
    const filed = fileRequest({
      id,
      request: parseCommand(TEXT) as ChangeRequest,
      text: TEXT,
      cluster: 'test',
      requester: {
        platform: 'web',
        platformUserId: 'alice@example.com',
        username: 'alice@example.com',
        groups: ['developers'],
      },
      decision: requireApproval(['sre-leads'], { breakGlassAllowed: true }),
      requesterStepUp: { issuer: 'https://id.example.com', subject: 'alice', amr: ['mfa'], authTime: at },
      at,
    });
    assert.equal(await fx.workflow.deps.store.create(filed.record, filed.events), true);
  }

  const approvalsOf = async (name: string) => {
    const client = new ConsoleClient(fx.url);
    await client.signIn(name);
    return { client, page: await (await client.get('/approvals')).text() };
  };

  test('an approver sees the unreviewed run with Acknowledge; once acknowledged it leaves every approver’s page', async () => {
    const id = 'cs-brkglassrv';
    await fileBreakGlassRun(id);
    const { client: bob, page } = await approvalsOf('bob@example.com');
    assert.match(page, /Break-glass runs to review/);
    const card = new RegExp(`data-request-id="${id}"[\\s\\S]*?class="action action-acknowledge"`);
    assert.match(page, card);
    assert.match(page, /ran without approval, review pending/);
    assert.doesNotMatch((await approvalsOf('alice@example.com')).page, new RegExp(id), 'not the runner’s');

    const answer = await bob.post(
      `/requests/${id}/acknowledge`,
      { _csrf: await bob.csrf('/approvals') },
      { accept: 'application/json' },
    );
    assert.equal(answer.status, 200);
    assert.match(((await answer.json()) as { message: string }).message, /You acknowledged/);
    const after = (await approvalsOf('carol@example.com')).page;
    assert.doesNotMatch(after, new RegExp(id));
    assert.doesNotMatch(after, /Break-glass runs to review/);
  });
});
