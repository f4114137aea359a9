import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  renderError,
  renderRequestReply,
} from '../../../../src/adapters/slack/render/render-request-reply.ts';
import { UserFacingError } from '../../../../src/core/errors.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';
import { InvalidRequestError } from '../../../../src/core/requests/request-error.ts';
import { assertGolden } from '../../../harness/golden.ts';
import {
  autoApprove,
  denyDecision,
  filed,
  requireApproval,
  sreAndSecurity,
} from '../../core/lifecycle/fixtures.ts';
import { assertInert, assertMessageAccepted } from './slack-assertions.ts';

const replyText = (message: ReturnType<typeof renderRequestReply>): string => JSON.stringify(message.blocks);

describe('renderRequestReply', () => {
  test('pending: the ID, who must approve, where, and until when', () => {
    const message = renderRequestReply(filed());
    assertGolden('slack/reply-pending', message);
    assertMessageAccepted(message);
    const text = replyText(message);
    assert.match(text, /is filed as `req-1`/);
    assert.match(text, /Waiting for 1 approval from sre-leads in #prod-approvals\./);
    assert.match(text, /If nobody decides by 2026-01-05 11:00 UTC, it expires\./);
    assert.match(text, /Cancel it: `\/k8s-request cancel req-1`/);
    assert.equal(message.text, 'req-1 scale deployment/api in prod-payments: waiting for 1 approval');
  });

  test('two requirements, channel IDs and step-up are spelled out', () => {
    const decision = sreAndSecurity({
      stepUp: true,
      channels: { slack: ['C0APPROVALS', 'security'], teams: [], web: [] },
    });
    const text = replyText(renderRequestReply(filed({ decision })));
    assert.match(
      text,
      /Waiting for 2 approvals \(2 from sre-leads and 1 from security\) in <#C0APPROVALS>, #security\./,
    );
    assert.match(text, /Approvers sign in again/);
  });

  test('denied by policy says why; auto-approved says it is queued', () => {
    const denied = renderRequestReply(filed({ decision: denyDecision }));
    assert.match(
      replyText(denied),
      /:x: Policy denied it \(rule no-prod-secrets\): secrets in prod are never granted/,
    );
    assert.doesNotMatch(replyText(denied), /Cancel it/);
    assert.match(denied.text, /denied by policy: secrets in prod are never granted$/);
    const auto = renderRequestReply(filed({ decision: autoApprove }));
    assert.match(replyText(auto), /Policy approved it \(rule staging-free\); it is queued to run\./);
  });

  test('hostile policy and preview text stays inert', () => {
    const record = filed({
      decision: requireApproval({
        approverGroups: ['<!channel>'],
        requirements: [{ rule: '*r*', approverGroups: ['<!here>'], minApprovals: 1 }],
      }),
      preview: ['<https://evil.example|fine>', '> quote'],
    });
    const message = renderRequestReply(record);
    assertMessageAccepted(message);
    assertInert(message);
  });
});

describe('renderError', () => {
  test('shows the message and the correct example in a code span', () => {
    let error: unknown;
    try {
      parseCommand('scale deployment/api -n prod-payments --reason "load"');
    } catch (caught) {
      error = caught;
    }
    assert.ok(error instanceof InvalidRequestError);
    const message = renderError(error);
    assertMessageAccepted(message);
    const section = message.blocks[0];
    assert.ok(section?.type === 'section');
    assert.equal(
      section.text?.text,
      ':warning: scale needs --replicas N (a whole number, 0 to 1000).\nExample: `/k8s-request scale deployment/api --replicas 5 -n prod-payments --reason "INC-4312 load"`',
    );
  });

  test('user input echoed in an error cannot ping, link or break the code span', () => {
    const message = renderError(
      new UserFacingError('bad', "Unknown kind '<!channel>*x*'.", '/k8s-request delete pod/`x` <!here>'),
    );
    assertInert(message);
    const section = message.blocks[0];
    assert.ok(section?.type === 'section');
    assert.match(section.text?.text ?? '', /Example: `\/k8s-request delete pod\/ˋxˋ &lt;!here&gt;`$/);
  });
});
