import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { startHttpServer } from '../../../../src/adapters/http/http-server.ts';
import { createSlackApp, SLACK_EVENTS_PATH } from '../../../../src/adapters/slack/slack-app.ts';
import type { SlackConfig } from '../../../../src/config/config.ts';
import type { IdentityRules } from '../../../../src/core/identity/resolve-principal.ts';
import { startFakeSlack, type FakeSlack } from '../../../fakes/fake-slack/fake-slack.ts';
import { appHomeOpenedBody, postToBolt, signRequest } from '../../../fakes/fake-slack/sign-request.ts';
import { workflowFixture } from '../../core/workflow/workflow-harness.ts';

const identity: IdentityRules = {
  mode: 'table',
  emailUsernamePrefix: '',
  table: { slack: {}, teams: {}, web: {}, emailGroups: {} },
};
const logger = pino({ level: 'silent' });
let fake: FakeSlack;

before(async () => {
  fake = await startFakeSlack();
});
after(() => fake.stop());

const claims = { claim: () => Promise.resolve(true), release: () => Promise.resolve() };
const deps = () => ({ workflow: workflowFixture().deps, identity, logger, claims });
const http = (token = fake.botToken): SlackConfig => ({
  botToken: token,
  apiUrl: fake.apiUrl,
  mode: 'http',
  signingSecret: 'secret',
});

void describe('createSlackApp', () => {
  void test('in HTTP mode mounts one route, /slack/events, which answers 503 until start() checked the token', async () => {
    const surface = createSlackApp(http(), deps());
    assert.deepEqual(
      surface.routes.map((r) => r.prefix),
      [SLACK_EVENTS_PATH],
    );
    const server = await startHttpServer('127.0.0.1', 0, surface.routes, logger);
    try {
      const url = `${server.url}${SLACK_EVENTS_PATH}`;
      const signed = signRequest(appHomeOpenedBody({ userId: 'UNOBODY001' }), { signingSecret: 'secret' });
      assert.equal((await postToBolt(url, signed)).status, 503);
      await surface.start();
      assert.ok(fake.calls.some((c) => c.method === 'auth.test' && c.ok));
      const again = signRequest(appHomeOpenedBody({ userId: 'UNOBODY001' }), { signingSecret: 'secret' });
      assert.equal((await postToBolt(url, again)).status, 200);
    } finally {
      await server.close(100);
    }
  });

  void test('start() refuses a bot token of a workspace SLACK_ALLOWED_WORKSPACES does not list', async () => {
    const other = createSlackApp({ ...http(), allowedWorkspaces: ['T0OTHER01', 'E0ORG0001'] }, deps());
    await assert.rejects(other.start(), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'slack_workspace_not_allowed');
      assert.match(
        error.message,
        /workspace T00000001, which SLACK_ALLOWED_WORKSPACES \(T0OTHER01, E0ORG0001\) does not list/,
      );
      return true;
    });
    await createSlackApp({ ...http(), allowedWorkspaces: ['T0OTHER01', 'T00000001'] }, deps()).start();
  });

  void test('start() names a bot token Slack refuses', async () => {
    const surface = createSlackApp(http('xoxb-wrong'), deps());
    await assert.rejects(surface.start(), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'slack_auth_failed');
      assert.match(error.message, /SLACK_BOT_TOKEN.*invalid_auth/);
      assert.doesNotMatch(error.message, /xoxb-wrong/);
      return true;
    });
  });

  void test('in Socket Mode serves no HTTP route (it connects out when started)', () => {
    const surface = createSlackApp({ botToken: 'xoxb-1', mode: 'socket', appToken: 'xapp-1' }, deps());
    assert.deepEqual(surface.routes, []);
  });
});
