import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createBotAuthentication } from '../../../src/adapters/teams/entra/bot-authentication.ts';
import {
  cardActivity,
  ConnectorTimeoutError,
  TeamsConnector,
} from '../../../src/adapters/teams/chat/connector.ts';
import type { StoredConversation } from '../../../src/adapters/teams/chat/conversation-store.ts';
import { createMsalApp } from '../../../src/adapters/teams/entra/msal-app.ts';
import { renderThreadLine } from '../../../src/adapters/teams/render/render-thread-line.ts';
import { TeamsCloudAdapter } from '../../../src/adapters/teams/ingress/teams-cloud-adapter.ts';
import { startFakeTeams, type FakeTeams } from '../../fakes/fake-teams/fake-teams.ts';
import { TEAM, TEAMS_CHANNELS, TEAMS_PEOPLE } from './teams-stack.ts';

/** The connector's time limit here: short, so a test of silence ends soon; the product's is 15 s. */
const TIMEOUT_MS = 1_000;
let fake: FakeTeams;
let connector: TeamsConnector;
let channel: StoredConversation;
const PROD = TEAMS_CHANNELS['#prod-approvals']!;
const line = (text: string): ReturnType<typeof cardActivity> => cardActivity(renderThreadLine(text));
const postsSaying = (text: string): number =>
  fake.connector.posted.filter((p) => JSON.stringify(p.activity).includes(text)).length;

before(async () => {
  fake = await startFakeTeams({ users: Object.values(TEAMS_PEOPLE), teams: [TEAM] });
  const config = fake.config();
  const adapter = new TeamsCloudAdapter(
    createBotAuthentication(config, createMsalApp(config, { ca: fake.login.ca })),
  );
  connector = new TeamsConnector(adapter, config.appId, TIMEOUT_MS);
  channel = {
    conversationId: PROD,
    kind: 'channel',
    serviceUrl: fake.connector.serviceUrl,
    tenantId: fake.tenantId,
    bot: fake.bot,
  };
});

after(() => fake?.stop());

void describe('the Bot Connector throttling, failing and going quiet', { timeout: 60_000 }, () => {
  void test('429 with Retry-After: the post is retried after the interval it names, and lands once', async () => {
    const started = fake.connector.calls.length;
    fake.connector.faults.next({ kind: 'throttle', retryAfterSeconds: 2 });
    const { activityId } = await connector.post(channel, line('throttled once'));
    const calls = fake.connector.calls.slice(started).filter((c) => c.method === 'POST');
    assert.deepEqual(
      calls.map((c) => [c.path, c.status]),
      [
        ['/v3/conversations', 429],
        ['/v3/conversations', 201],
      ],
    );
    assert.ok(
      calls[1]!.at - calls[0]!.at >= 2_000,
      `retried ${calls[1]!.at - calls[0]!.at} ms after the 429`,
    );
    assert.equal(postsSaying('throttled once'), 1);
    assert.ok(fake.connector.posted.some((p) => p.id === activityId));
  });

  void test('a 503 is retried and the post lands once', async () => {
    const started = fake.connector.calls.length;
    fake.connector.faults.next({ kind: 'server-error', status: 503 });
    await connector.send(channel, PROD, line('after one 503'));
    assert.deepEqual(
      fake.connector.calls.slice(started).map((c) => c.status),
      [503, 201],
    );
    assert.equal(postsSaying('after one 503'), 1);
  });

  void test('a 500 that does not pass: retried three times, then the call fails naming the status', async () => {
    const started = fake.connector.calls.length;
    fake.connector.faults.always({ kind: 'server-error', status: 500 });
    try {
      await assert.rejects(connector.post(channel, line('never lands')), (error: unknown) => {
        assert.equal((error as { statusCode?: unknown }).statusCode, 500);
        assert.match(String(error), /500/);
        return true;
      });
    } finally {
      fake.connector.faults.clear();
    }
    assert.deepEqual(
      fake.connector.calls.slice(started).map((c) => c.status),
      [500, 500, 500, 500],
    );
    assert.equal(postsSaying('never lands'), 0);
  });

  void test('a call left unanswered is cut off at the time limit with an error naming it, and the request closed', async () => {
    fake.connector.faults.next({ kind: 'hang' });
    await assert.rejects(
      connector.send(channel, PROD, line('into the silence')),
      (error: unknown) =>
        error instanceof ConnectorTimeoutError &&
        /did not answer sendToConversation within 1 s/.test(error.message),
    );
    const hung = fake.connector.faults.faulted.at(-1);
    assert.equal(hung?.fault.kind, 'hang');
    await hung?.closedByClient;
    assert.equal(postsSaying('into the silence'), 0);
  });
});
