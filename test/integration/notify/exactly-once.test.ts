import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { SlackChat } from '../../../src/adapters/slack/chat/slack-chat.ts';
import { createSlackClient } from '../../../src/adapters/slack/chat/slack-web-client.ts';
import { createRedis } from '../../../src/adapters/store/create-redis.ts';
import { RedisAuditSink } from '../../../src/adapters/store/redis-audit-sink.ts';
import { RedisRequestStore } from '../../../src/adapters/store/redis-request-store.ts';
import { createTeamsSurface } from '../../../src/adapters/teams/create-teams-surface.ts';
import { parseIdentityTable } from '../../../src/core/identity/identity-table.ts';
import { fileRequest } from '../../../src/core/lifecycle/file-request.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import { ChatNotifier } from '../../../src/core/notify/chat-notifier.ts';
import { systemClock } from '../../../src/core/ports/clock.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import type { Notifier } from '../../../src/core/ports/notifier.ts';
import { loadPolicy } from '../../../src/core/policy/load-policy.ts';
import { parseCommand } from '../../../src/core/requests/parse-command.ts';
import { formatRequestId, REQUEST_ID_RANDOM_BYTES } from '../../../src/core/requests/request-id.ts';
import type { ChangeRequest } from '../../../src/core/requests/request-types.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { submitRequest } from '../../../src/core/workflow/submit-request.ts';
import type { WorkflowDeps } from '../../../src/core/workflow/workflow-deps.ts';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack/fake-slack.ts';
import { cardOf, personalInstall, teamInstall } from '../../fakes/fake-teams/teams-activities.ts';
import { InMemoryJobQueue } from '../../fakes/in-memory-job-queue.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { messageText } from '../slack/slack-gestures.ts';
import { CHANNELS, PEOPLE, SLACK_TEST_POLICY } from '../slack/slack-stack.ts';
import { requireApproval } from '../store/fixtures.ts';
import { cardText } from '../teams/teams-gestures.ts';
import {
  startTeamsStack,
  TEAM,
  TEAMS_CHANNELS,
  TEAMS_PEOPLE,
  type TeamsStack,
} from '../teams/teams-stack.ts';

/**
 * One platform as the story sees it: two notifiers that share nothing but Redis (each
 * on its own connection), the people, the channels, and what the chat shows.
 */
interface PlatformUnderTest {
  readonly notifiers: readonly [Notifier, Notifier];
  readonly workflow: WorkflowDeps;
  readonly requester: Principal;
  readonly approvers: readonly [Principal, Principal];
  readonly channels: { readonly prod: string; readonly incident: string; readonly security: string };
  readonly breakGlassChannels: { slack: string[]; teams: string[]; web: string[] };
  /** Top-level messages in `channel` that mention `requestId`: their ID and text. */
  cards(channel: string, requestId: string): { id: string; text: string }[];
  /** Texts of the replies under a channel message. */
  thread(channel: string, messageId: string): string[];
  /** Texts of the requester's direct messages that mention `requestId`. */
  directMessages(requestId: string): string[];
}

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
let server: RedisServer;
const connections: Redis[] = [];
const cluster = new RecordingCluster();
cluster.objects.set('prod-payments/Deployment/api', { labels: {}, annotations: {} });

before(async () => {
  server = await startRedis();
});

after(async () => {
  await Promise.all(connections.map((c) => c.quit()));
  await server.stop();
});

function connection(): Redis {
  const redis = createRedis(server.url);
  connections.push(redis);
  return redis;
}

/** Runs both notifiers at once, each twice, for the record as stored now. */
async function race(platform: PlatformUnderTest, requestId: string): Promise<void> {
  const record = (await platform.workflow.store.get(requestId)) as RequestRecord;
  const [a, b] = platform.notifiers;
  await Promise.all([
    a.requestChanged(record),
    b.requestChanged(record),
    b.requestChanged(record),
    a.requestChanged(record),
  ]);
}

async function breakGlassRun(platform: PlatformUnderTest): Promise<string> {
  const text =
    'scale deployment/api --replicas 9 -n prod-payments --incident INC-4312 --break-glass --reason "down"';
  const now = platform.workflow.clock.now();
  const id = platform.workflow.newId();
  const filed = fileRequest({
    id,
    request: parseCommand(text) as ChangeRequest,
    text,
    cluster: 'test',
    requester: platform.requester,
    decision: requireApproval(['sre-leads'], {
      breakGlassAllowed: true,
      channels: platform.breakGlassChannels,
    }),
    requesterStepUp: { issuer: 'https://id.example.com', subject: 'sub', amr: ['mfa'], authTime: now },
    at: now,
  });
  assert.equal(await platform.workflow.store.create(filed.record, filed.events), true);
  return id;
}

/** The story every platform must tell exactly once, however many notifiers race. */
function exactlyOnceStory(name: string, setUp: () => Promise<PlatformUnderTest>): void {
  void describe(`${name}: two notifier processes racing on one Redis`, { timeout: 120_000 }, () => {
    let platform: PlatformUnderTest;
    before(async () => {
      platform = await setUp();
    });

    void test('each card, thread line and direct message is posted exactly once', async () => {
      const { workflow, channels } = platform;
      const filed = await submitRequest(workflow, {
        text: 'restart deployment/api -n prod-payments --incident INC-4312 --reason "race"',
        request: parseCommand(
          'restart deployment/api -n prod-payments --incident INC-4312 --reason "race"',
        ) as ChangeRequest,
        requester: platform.requester,
      });
      await race(platform, filed.id);
      assert.equal(platform.cards(channels.prod, filed.id).length, 1, 'one card in the approval channel');
      assert.equal(platform.cards(channels.incident, filed.id).length, 1, 'one card in the incident channel');

      for (const approver of platform.approvers) {
        await decideRequest(workflow, { requestId: filed.id, person: approver, verdict: 'approve' });
        await race(platform, filed.id);
      }
      for (const channel of [channels.prod, channels.incident]) {
        const cards = platform.cards(channel, filed.id);
        assert.equal(cards.length, 1, `still one card in ${channel}`);
        const thread = platform.thread(channel, cards[0]!.id);
        for (const approver of platform.approvers) {
          const lines = thread.filter((t) => t.includes(`Approved by ${approver.username}`));
          assert.equal(
            lines.length,
            1,
            `one line for ${approver.username} in ${channel}: ${thread.join(' | ')}`,
          );
        }
      }
      const dms = platform.directMessages(filed.id);
      assert.equal(dms.filter((t) => /Approved by/.test(t)).length, 2, dms.join(' | '));
    });

    void test('a break-glass card reaches the security channel once', async () => {
      const id = await breakGlassRun(platform);
      await race(platform, id);
      assert.equal(
        platform.cards(platform.channels.security, id).length,
        1,
        'one card in the security channel',
      );
      assert.equal(platform.cards(platform.channels.prod, id).length, 1);
      assert.equal(platform.cards(platform.channels.incident, id).length, 1);
    });
  });
}

let fakeSlack: FakeSlack | undefined;
after(async () => {
  await fakeSlack?.stop();
});

exactlyOnceStory('Slack', async () => {
  const fake = await startFakeSlack({
    users: Object.values(PEOPLE).map((p) => ({ id: p.id, name: p.username, email: p.email })),
    channels: Object.values(CHANNELS),
  });
  fakeSlack = fake;
  const keyPrefix = `cs-${randomBytes(3).toString('hex')}`;
  const policy = loadPolicy(SLACK_TEST_POLICY, 'test');
  const redis = connection();
  const workflow: WorkflowDeps = {
    store: new RedisRequestStore(redis, { keyPrefix }),
    audit: new RedisAuditSink(redis, { keyPrefix }),
    queue: new InMemoryJobQueue(),
    cluster,
    membership: { isMember: () => Promise.resolve(false) },
    clock: systemClock,
    policy: () => policy,
    newId: () => formatRequestId(randomBytes(REQUEST_ID_RANDOM_BYTES)),
    defaultCluster: 'test',
    remindBeforeMs: 15 * 60_000,
  };
  const notifier = (): Notifier =>
    new ChatNotifier({
      chat: new SlackChat(
        createSlackClient(
          { botToken: fake.botToken, apiUrl: fake.apiUrl, mode: 'http', signingSecret: 'x' },
          logger,
        ),
      ),
      store: new RedisRequestStore(connection(), { keyPrefix }),
      clock: systemClock,
      log: logger,
      securityChannel: `#${CHANNELS.security.name}`,
    });
  const slackPerson = (p: (typeof PEOPLE)[keyof typeof PEOPLE]): Principal => ({
    platform: 'slack',
    platformUserId: p.id,
    username: p.username,
    groups: [...p.groups],
  });
  const text = (m: { text: string; blocks: unknown[] }) => messageText(m);
  return {
    notifiers: [notifier(), notifier()],
    workflow,
    requester: slackPerson(PEOPLE.alice),
    approvers: [slackPerson(PEOPLE.bob), slackPerson(PEOPLE.carol)],
    channels: { prod: CHANNELS.prod.id, incident: CHANNELS.incident.id, security: CHANNELS.security.id },
    breakGlassChannels: { slack: ['#prod-approvals'], teams: [], web: [] },
    cards: (channel, id) =>
      fake
        .messagesIn(channel)
        .filter((m) => m.threadTs === undefined && text(m).includes(id))
        .map((m) => ({ id: m.ts, text: text(m) })),
    thread: (channel, ts) => fake.messagesIn(channel, ts).map(text),
    directMessages: (id) =>
      fake
        .messagesIn(`D${PEOPLE.alice.id.replace(/^U/, '')}`)
        .map(text)
        .filter((t) => t.includes(id)),
  };
});

let teamsStack: TeamsStack | undefined;
after(async () => {
  await teamsStack?.stop();
});

exactlyOnceStory('Teams', async () => {
  const security = TEAMS_CHANNELS['#security']!;
  const stack = await startTeamsStack({ redis: server, cluster, channels: { securityChannel: security } });
  teamsStack = stack;
  const { alice, bob, carol } = TEAMS_PEOPLE;
  assert.equal((await stack.fake.deliver(teamInstall(stack.fake, TEAM, bob))).status, 200);
  const aliceChat = stack.fake.connector.addPersonalChat(alice);
  assert.equal((await stack.fake.deliver(personalInstall(stack.fake, alice, aliceChat))).status, 200);
  const redis = connection();
  const other = createTeamsSurface(
    { ...stack.fake.config(), securityChannel: security },
    {
      workflow: { ...stack.workflow, store: new RedisRequestStore(redis, { keyPrefix: stack.keyPrefix }) },
      identity: { mode: 'table', emailUsernamePrefix: '', table: parseIdentityTable({}, 'test') },
      logger,
      redis,
      keyPrefix: stack.keyPrefix,
      loginTls: { ca: stack.fake.login.ca },
    },
  );
  const teamsPerson = (p: typeof alice, groups: string[]): Principal => ({
    platform: 'teams',
    platformUserId: p.aadObjectId,
    username: p.name,
    groups,
  });
  const { connector } = stack.fake;
  const text = (m: { activity: Record<string, unknown> }) => cardText(cardOf(m));
  return {
    notifiers: [stack.surface.notifier, other.notifier],
    workflow: stack.workflow,
    requester: teamsPerson(alice, ['developers']),
    approvers: [teamsPerson(bob, ['sre']), teamsPerson(carol, ['sre'])],
    channels: { prod: TEAMS_CHANNELS['#prod-approvals']!, incident: TEAMS_CHANNELS['#inc-4312']!, security },
    breakGlassChannels: { slack: [], teams: ['#prod-approvals'], web: [] },
    cards: (channel, id) =>
      connector
        .messagesIn(channel)
        .filter((m) => text(m).includes(id))
        .map((m) => ({ id: m.id, text: text(m) })),
    thread: (channel, root) => connector.messagesIn(channel, root).map(text),
    directMessages: (id) =>
      connector
        .messagesIn(aliceChat)
        .map(text)
        .filter((t) => t.includes(id)),
  };
});
