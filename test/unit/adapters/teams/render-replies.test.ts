import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { refusal } from '../../../../src/adapters/teams/ingress/invoke-response.ts';
import { renderRequestForm } from '../../../../src/adapters/teams/render/render-request-form.ts';
import {
  renderError,
  renderRequestReply,
} from '../../../../src/adapters/teams/render/render-request-reply.ts';
import { renderThreadLine } from '../../../../src/adapters/teams/render/render-thread-line.ts';
import {
  helpReply,
  renderLinesReply,
  renderStepUp,
} from '../../../../src/adapters/teams/render/render-command-replies.ts';

import { listReplyLines, whoamiReplyLines } from '../../../../src/core/conversation/command-reply-lines.ts';
import { UserFacingError } from '../../../../src/core/errors.ts';
import { helpText } from '../../../../src/core/requests/help-text.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';
import { assertGolden } from '../../../harness/golden.ts';
import {
  alice,
  autoApprove,
  denyDecision,
  filed,
  sreAndSecurity,
  T0,
} from '../../core/lifecycle/fixtures.ts';
import { assertCardAccepted, assertInert } from './teams-card-assertions.ts';

const FORM = {
  clusters: ['prod', 'staging'],
  defaultCluster: 'prod',
  namespaces: ['prod-payments', 'staging-web'],
  grantableRoles: [{ name: 'view', scopes: ['namespace', 'cluster'] as const }],
};

void describe('Teams replies and forms', () => {
  void test('the request form: every field of the Slack modal, one Request button, valid', () => {
    const card = renderRequestForm(FORM);
    assertGolden('teams/request-form', card);
    assertCardAccepted(card);
    const ids = JSON.stringify(card)
      .match(/"type":"Input\.[A-Za-z]+","id":"[a-z]+"/g)
      ?.map((s) => s.split('"').at(-2));
    assert.deepEqual(ids, [
      'kind',
      'cluster',
      'verb',
      'target',
      'replicas',
      'patch',
      'role',
      'duration',
      'namespace',
      'reason',
      'incident',
    ]);
    assert.deepEqual(card.actions, [
      { type: 'Action.Execute', id: 'request', title: 'Request', verb: 'countersign.form' },
    ]);
  });

  void test('a refused form comes back with the fix on top and the values kept', () => {
    const error = new UserFacingError(
      'missing_reason',
      'Say why with --reason.',
      '/k8s-request scale deployment/api --replicas 5 -n prod --reason "load"',
    );
    const card = renderRequestForm({
      ...FORM,
      values: { kind: 'action', verb: 'scale', target: 'deployment/api', replicas: '5', reason: '' },
      error,
    });
    assertGolden('teams/request-form-refused', card);
    assertCardAccepted(card);
    const json = JSON.stringify(card);
    assert.match(json, /Example: k8s-request scale/);
    assert.doesNotMatch(json, /\/k8s-request/);
    assert.match(json, /"id":"replicas","label":"Replicas \(scale only\)","min":0,"max":1000,"value":5/);
  });

  void test('the filed reply says the ID, who must approve and how to follow it', () => {
    const card = renderRequestReply(filed());
    assertGolden('teams/reply-pending', card);
    assertCardAccepted(card);
    assertInert(card);
    const json = JSON.stringify(card);
    assert.match(json, /is filed as req-1/);
    assert.match(json, /Waiting for 1 approval from sre-leads\./);
    assert.match(json, /Cancel it: k8s-request cancel req-1/);
    assert.match(
      JSON.stringify(renderRequestReply(filed({ decision: sreAndSecurity({ stepUp: true }) }))),
      /2 approvals \(2 from sre-leads and 1 from security\).*sign in again/,
    );
    assert.match(
      JSON.stringify(renderRequestReply(filed({ decision: denyDecision }))),
      /Policy denied it \(rule no-prod-secrets\)/,
    );
    assert.match(JSON.stringify(renderRequestReply(filed({ decision: autoApprove }))), /queued to run/);
  });

  void test('an error shows the message and the example as typed in Teams', () => {
    let error: unknown;
    try {
      parseCommand('scale deployment/api -n prod --reason x');
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof UserFacingError);
    const card = renderError(error);
    assertCardAccepted(card);
    assert.match(JSON.stringify(card), /Example: k8s-request scale /);
  });

  void test('thread lines, lists, whoami, help and step-up are valid and inert', () => {
    const hostile =
      'Denied by bob: **no** [see](http://evil.example) `x` {{DATE(2017-02-14T06:08:39Z)}}\u202e';
    for (const card of [
      renderThreadLine([hostile]),
      renderLinesReply(listReplyLines([filed()], [], T0)),
      renderLinesReply(whoamiReplyLines({ ...alice, groups: ['sre_*'] })),
      helpReply(helpText()),
      renderStepUp('Sign in again before your approval counts.', 'https://countersign.example/step-up/abc'),
    ]) {
      assertCardAccepted(card);
      assertInert(card);
    }
    assert.match(JSON.stringify(helpReply(helpText())), /k8s-request scale/);
    assert.doesNotMatch(JSON.stringify(helpReply(helpText())), /\/k8s-request/);
  });
});

void describe('Teams list: approved requests waiting to start', () => {
  void test("say when they start in the reader's zone and how to cancel, as typed to the bot", () => {
    const startAt = T0 + 2 * 3_600_000;
    const waiting = { ...filed({ startAt }), state: 'approved' as const };
    const card = renderLinesReply(listReplyLines([waiting], [], T0));
    assertCardAccepted(card);
    const text = JSON.stringify(card);
    const iso = `${new Date(startAt).toISOString().slice(0, 19)}Z`;
    assert.ok(text.includes(`starts {{DATE(${iso}, SHORT)}} {{TIME(${iso})}}`), text);
    assert.match(text, /cancel with: k8s-request cancel req-1/);
    const started = renderLinesReply(listReplyLines([waiting], [], startAt));
    assert.doesNotMatch(JSON.stringify(started), /starts|cancel with/, 'not once the start time came');
  });
});

void describe('Teams refusals name commands as typed to the bot (issue 19 item 5)', () => {
  const selfDeny = new UserFacingError(
    'self_approval',
    'You filed request cs-k7m2q4x5ba, so you cannot deny it. To withdraw it: /k8s-request cancel cs-k7m2q4x5ba',
  );
  const notFound = new UserFacingError(
    'request_not_found',
    'No request has the ID cs-zzzzzzzzzz.',
    '/k8s-request status cs-k7m2q4x5ba',
  );

  void test('an error card spells the command without the slash, in the message and the example', () => {
    const text = JSON.stringify(renderError(selfDeny));
    assert.match(text, /To withdraw it: k8s-request cancel cs-k7m2q4x5ba/);
    assert.doesNotMatch(text, /\/k8s-request/);
    assert.match(JSON.stringify(renderError(notFound)), /Example: k8s-request status cs-k7m2q4x5ba/);
  });

  void test('a refused click says the same to the clicker alone', () => {
    const logger = pino({ level: 'silent' });
    assert.deepEqual(
      refusal(selfDeny, logger).value,
      selfDeny.message.replace('/k8s-request', 'k8s-request'),
    );
    assert.equal(
      refusal(notFound, logger).value,
      'No request has the ID cs-zzzzzzzzzz. Example: k8s-request status cs-k7m2q4x5ba',
    );
  });
});
