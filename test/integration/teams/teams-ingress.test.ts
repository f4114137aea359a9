import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { RedisConversationStore } from '../../../src/adapters/store/redis-conversation-store.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { CARD_VERBS } from '../../../src/adapters/teams/render/card-verbs.ts';
import {
  cardOf,
  clickFrom,
  messageFrom,
  personalInstall,
  teamInstall,
} from '../../fakes/fake-teams/teams-activities.ts';
import { validateAdaptiveCard } from '../../fakes/fake-teams/validate-adaptive-card.ts';
import { replyTo } from './teams-gestures.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { startTeamsStack, TEAM, TEAMS_PEOPLE, type TeamsStack } from './teams-stack.ts';

let redis: RedisServer;
let stack: TeamsStack;
let conversations: RedisConversationStore;
const { alice, mallory } = TEAMS_PEOPLE;
/** Every line the surface logged, parsed. */
const logged: Record<string, unknown>[] = [];

before(async () => {
  redis = await startRedis();
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => logged.push(JSON.parse(line) as Record<string, unknown>) },
  );
  stack = await startTeamsStack({ redis, cluster: new RecordingCluster(), logger });
  conversations = new RedisConversationStore(stack.composed.redis, stack.keyPrefix);
});

after(async () => {
  await stack?.stop();
  await redis?.stop();
});

void describe('Teams /api/messages authentication', () => {
  const install = () => teamInstall(stack.fake, TEAM, alice);

  void test('a request without a token is refused with 401 and changes nothing', async () => {
    const answer = await stack.fake.deliver(install(), { authorization: null });
    assert.equal(answer.status, 401);
    assert.equal(await conversations.get(TEAM.id), undefined);
  });

  void test('tokens that are not the Bot Framework’s for this bot and this service URL are refused', async () => {
    const { fake } = stack;
    const cases = {
      'signed with an unpublished key': { token: { rogueKey: true } },
      'for another bot': { token: { audience: '00000000-0000-4000-8000-000000000000' } },
      'from another issuer': { token: { issuer: 'https://evil.example' } },
      expired: { token: { expiresIn: -3600 } },
      'not a bearer token': { authorization: 'Basic YWxhZGRpbjpvcGVuc2VzYW1l' },
    } as const;
    for (const [why, options] of Object.entries(cases)) {
      const answer = await fake.deliver(install(), options);
      assert.equal(answer.status, 401, why);
    }
    const elsewhere = {
      ...install(),
      serviceUrl: 'https://smba.evil.example/',
    };
    const forged = await fake.deliver(elsewhere, {
      authorization: `Bearer ${fake.auth.token(fake.appId, fake.connector.serviceUrl)}`,
    });
    assert.equal(forged.status, 401, 'the serviceurl claim must match the activity');
    assert.equal(await conversations.get(TEAM.id), undefined);
    assert.equal(fake.connector.calls.length, 0, 'nothing was sent anywhere');
  });

  void test('a forged signature or an unsigned token is a 401 and one warning, and the SDK prints nothing', async () => {
    const printed: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    const capture = (chunk: string | Uint8Array): boolean => {
      printed.push(String(chunk));
      return true;
    };
    const from = logged.length;
    const answers: Record<string, number> = {};
    process.stderr.write = capture;
    try {
      for (const forged of ['tampered', 'none'] as const) {
        answers[forged] = (await stack.fake.deliver(install(), { token: { forged } })).status;
      }
    } finally {
      process.stderr.write = write;
    }
    assert.deepEqual(answers, { tampered: 401, none: 401 });
    assert.deepEqual(printed, [], 'nothing reached stderr');
    const warnings = logged.slice(from).filter((l) => l.level === 40);
    assert.deepEqual(
      warnings.map((w) => [w.msg, w.reason]),
      [
        ['Teams request refused: no valid Bot Framework token', 'invalid signature'],
        ['Teams request refused: no valid Bot Framework token', 'jwt signature is required'],
      ],
    );
    assert.ok(
      !JSON.stringify(logged.slice(from)).includes('BEGIN'),
      'no key material and no stack in the logs',
    );
    assert.ok(!JSON.stringify(logged.slice(from)).includes('    at '), 'no stack trace in the logs');
    assert.equal(await conversations.get(TEAM.id), undefined);
  });

  void test('only POST is served', async () => {
    const response = await fetch(stack.endpoint);
    assert.equal(response.status, 405);
    const notJson = await fetch(stack.endpoint, {
      method: 'POST',
      body: '[1,2]',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(notJson.status, 400);
  });

  void test('a valid install stores the team’s channels, names included, from the roster', async () => {
    const answer = await stack.fake.deliver(install());
    assert.equal(answer.status, 200);
    const general = await conversations.get(TEAM.id);
    assert.equal(general?.kind, 'channel');
    assert.equal(general?.serviceUrl, stack.fake.connector.serviceUrl);
    const approvals = await conversations.get('19:prod-approvals@thread.tacv2');
    assert.equal(approvals?.name, 'prod-approvals');
    assert.equal(approvals?.teamId, TEAM.id);
    assert.deepEqual(
      (await conversations.channelsNamed('INC-4312')).map((c) => c.conversationId),
      ['19:inc-4312@thread.tacv2'],
    );
    const roster = stack.fake.connector.calls.find((c) => c.path === `/v3/teams/${TEAM.id}/conversations`);
    assert.equal(roster?.status, 200, 'the channel list was read with a valid token');
  });

  void test('an activity from another tenant is ignored', async () => {
    const chat = stack.fake.connector.addPersonalChat(mallory);
    const foreign = personalInstall(stack.fake, mallory, chat);
    (foreign.conversation as Record<string, unknown>).tenantId = 'another-tenant';
    (foreign.channelData as Record<string, unknown>).tenant = { id: 'another-tenant' };
    const answer = await stack.fake.deliver(foreign);
    assert.equal(answer.status, 200);
    assert.equal(await conversations.personalFor(mallory.aadObjectId), undefined);
  });

  void test('a card click from another tenant is refused with 403, and the body says 403 Forbidden', async () => {
    const chat = stack.fake.connector.addPersonalChat(mallory);
    const click = {
      ...personalInstall(stack.fake, mallory, chat),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: CARD_VERBS.approve, data: {} }, trigger: 'manual' },
      conversation: { id: chat, conversationType: 'personal', tenantId: 'another-tenant' },
      channelData: { tenant: { id: 'another-tenant' } },
    };
    const answer = await stack.fake.deliver(click);
    assert.equal(answer.status, 403);
    const body = answer.body as { statusCode: number; type: string; value: { code: string } };
    assert.equal(body.statusCode, answer.status, 'status and body agree');
    assert.equal(body.type, 'application/vnd.microsoft.error');
    assert.equal(body.value.code, 'Forbidden');
  });

  void test('an invoke other than a card click is answered 501 NotImplemented, status and body agreeing', async () => {
    const chat = stack.fake.connector.addPersonalChat(alice);
    const invoke = {
      ...personalInstall(stack.fake, alice, chat),
      type: 'invoke',
      name: 'task/fetch',
      value: {},
    };
    const answer = await stack.fake.deliver(invoke);
    assert.equal(answer.status, 501);
    const body = answer.body as { statusCode: number; type: string; value: { code: string } };
    assert.equal(body.statusCode, 501);
    assert.equal(body.value.code, 'NotImplemented');
  });
});

void describe('Teams commands', () => {
  let chat: string;

  before(async () => {
    chat = stack.fake.connector.addPersonalChat(alice);
    assert.equal((await stack.fake.deliver(personalInstall(stack.fake, alice, chat))).status, 200);
  });

  void test('installing for a person stores their personal chat', async () => {
    const stored = await conversations.personalFor(alice.aadObjectId);
    assert.equal(stored?.conversationId, chat);
    assert.equal(stored?.kind, 'personal');
  });

  void test('bad input gets the fix, with the example as typed in Teams, and files nothing', async () => {
    const message = messageFrom(
      stack.fake,
      alice,
      'k8s-request scale deployment/api -n prod-payments --reason x',
      {
        personal: chat,
      },
    );
    await stack.fake.deliver(message);
    const reply = JSON.stringify(cardOf(await replyTo(stack, chat, message.id)));
    assert.match(reply, /replicas/);
    assert.match(reply, /Example: k8s-request scale/);
    assert.deepEqual(await stack.workflow.store.listOpenByRequester('alice'), []);
  });
});

void describe('Teams requests', () => {
  let chat: string;
  const cluster = (): RecordingCluster => stack.workflow.cluster as RecordingCluster;

  before(async () => {
    chat = (await conversations.personalFor(alice.aadObjectId))?.conversationId ?? '';
    cluster().objects.set('prod-payments/Deployment/api', { labels: {}, annotations: {} });
  });

  void test('a typed request in the personal chat is filed and confirmed with its ID and decision', async () => {
    const message = messageFrom(
      stack.fake,
      alice,
      'k8s-request scale deployment/api --replicas 5 -n prod-payments --reason "INC-1 load"',
      { personal: chat },
    );
    assert.equal((await stack.fake.deliver(message)).status, 200);
    const reply = JSON.stringify(cardOf(await replyTo(stack, chat, message.id)));
    const id = /cs-[a-z2-7]{10}/.exec(reply)?.[0];
    assert.ok(id, reply);
    assert.match(reply, /Waiting for 2 approvals from sre-leads/);
    const record = await stack.workflow.store.get(id);
    assert.equal(record?.requester.username, 'alice');
    assert.equal(record?.requester.platform, 'teams');
    assert.equal(record?.requester.platformUserId, alice.aadObjectId);
  });

  void test('an @mention in a channel is a command too; the reply goes to the same thread', async () => {
    const channelId = '19:prod-approvals@thread.tacv2';
    const root = stack.fake.connector.addPersonPost(channelId, alice);
    const message = messageFrom(stack.fake, alice, 'k8s-request whoami', {
      team: TEAM,
      channelId,
      threadRoot: root,
    });
    await stack.fake.deliver(message);
    const reply = await stack.fake.connector.waitFor((c) => c.messagesIn(channelId, root)[0]);
    assert.equal(reply.replyToId, message.id, 'the reply answers the message, in its thread');
    assert.ok(
      !stack.fake.connector.messagesIn(channelId).some((m) => m.replyToId === message.id),
      'not a new post',
    );
    const inThread = [reply];
    assert.match(JSON.stringify(cardOf(inThread[0]!)), /In Kubernetes you are alice with developers/);
  });

  void test('k8s-request alone answers with the form; its submit goes through the same parser', async () => {
    const bare = messageFrom(stack.fake, alice, 'k8s-request', { personal: chat });
    await stack.fake.deliver(bare);
    const form = await replyTo(stack, chat, bare.id);
    const inputs = {
      kind: 'action',
      cluster: 'test',
      verb: 'scale',
      target: 'deployment/api',
      namespace: 'prod-payments',
      replicas: '4',
    };
    const refused = await stack.fake.deliver(
      clickFrom(stack.fake, alice, form, CARD_VERBS.form, { ...inputs, reason: '' }, { personal: chat }),
    );
    const again = refused.body as { type: string; value: unknown };
    assert.equal(again.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(JSON.stringify(again.value), /reason/i);
    assert.match(JSON.stringify(again.value), /"value":"deployment\/api"/, 'the values are kept');
    assert.deepEqual(validateAdaptiveCard(again.value), []);

    const filed = await stack.fake.deliver(
      clickFrom(
        stack.fake,
        alice,
        form,
        CARD_VERBS.form,
        { ...inputs, reason: 'from "the" form --cluster evil' },
        { personal: chat },
      ),
    );
    const body = filed.body as { type: string; value: unknown };
    const id = /cs-[a-z2-7]{10}/.exec(JSON.stringify(body.value))?.[0];
    assert.ok(id, JSON.stringify(body));
    const record = await stack.workflow.store.get(id);
    assert.equal(record?.request.reason, 'from "the" form --cluster evil', 'a field cannot become a flag');
    assert.equal(record?.cluster, 'test');
  });
});
