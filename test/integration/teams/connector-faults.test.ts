import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { createRedis } from '../../../src/adapters/store/create-redis.ts';
import { RedisConversationStore } from '../../../src/adapters/store/redis-conversation-store.ts';
import { createBotAuthentication } from '../../../src/adapters/teams/ingress/bot-authentication.ts';
import { ConnectorTimeoutError, TeamsChat } from '../../../src/adapters/teams/chat/teams-chat.ts';
import { createMsalApp } from '../../../src/adapters/entra/msal-app.ts';
import { TeamsCloudAdapter } from '../../../src/adapters/teams/ingress/teams-cloud-adapter.ts';
import type { ChatMessage } from '../../../src/core/ports/chat.ts';
import { startFakeTeams, type FakeTeams } from '../../fakes/fake-teams/fake-teams.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { TEAM, TEAMS_CHANNELS, TEAMS_PEOPLE } from './teams-stack.ts';

/** The connector's time limit here: short, so a test of silence ends soon; the product's is 15 s. */
const TIMEOUT_MS = 1_000;
let fake: FakeTeams;
let server: RedisServer;
let redis: Redis;
let chat: TeamsChat;
/** A channel post whose thread the tests below reply in. */
let root: string;
const PROD = TEAMS_CHANNELS['#prod-approvals']!;
const line = (text: string): ChatMessage => ({ kind: 'line', text: [text] });
const postsSaying = (text: string): number =>
  fake.connector.posted.filter((p) => JSON.stringify(p.activity).includes(text)).length;

before(async () => {
  fake = await startFakeTeams({ users: Object.values(TEAMS_PEOPLE), teams: [TEAM] });
  const config = fake.config();
  const adapter = new TeamsCloudAdapter(
    createBotAuthentication(config, createMsalApp(config, { ca: fake.login.ca })),
  );
  server = await startRedis();
  redis = createRedis(server.url);
  const conversations = new RedisConversationStore(redis, 'cs-test');
  await conversations.save({
    conversationId: PROD,
    kind: 'channel',
    serviceUrl: fake.connector.serviceUrl,
    tenantId: fake.tenantId,
    bot: fake.bot,
  });
  chat = new TeamsChat(adapter, config.appId, conversations, TIMEOUT_MS);
  root = await chat.post(PROD, line('thread root'));
});

after(async () => {
  await redis?.quit();
  await server?.stop();
  await fake?.stop();
});

void describe('the Bot Connector throttling, failing and going quiet', { timeout: 60_000 }, () => {
  void test('429 with Retry-After: the post is retried after the interval it names, and lands once', async () => {
    const started = fake.connector.calls.length;
    fake.connector.faults.next({ kind: 'throttle', retryAfterSeconds: 2 });
    const activityId = await chat.post(PROD, line('throttled once'));
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
    await chat.post(PROD, line('after one 503'), root);
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
      await assert.rejects(chat.post(PROD, line('never lands')), (error: unknown) => {
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
      chat.post(PROD, line('into the silence'), root),
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
