import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { SlackMembership } from '../../../src/adapters/slack/chat/slack-membership.ts';
import { SlackChat } from '../../../src/adapters/slack/chat/slack-chat.ts';
import { createSlackClient } from '../../../src/adapters/slack/chat/slack-web-client.ts';
import { createRedis } from '../../../src/adapters/store/create-redis.ts';
import { RedisAuditSink } from '../../../src/adapters/store/redis-audit-sink.ts';
import { RedisRequestStore } from '../../../src/adapters/store/redis-request-store.ts';
import { ChatNotifier } from '../../../src/core/notify/chat-notifier.ts';
import { ManualClock } from '../../../src/core/ports/clock.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import type { RequestStore } from '../../../src/core/ports/request-store.ts';
import { loadPolicy } from '../../../src/core/policy/load-policy.ts';
import { parseCommand } from '../../../src/core/requests/parse-command.ts';
import { formatRequestId, REQUEST_ID_RANDOM_BYTES } from '../../../src/core/requests/request-id.ts';
import type { ChangeRequest } from '../../../src/core/requests/request-types.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { endGrant } from '../../../src/core/workflow/end-grant.ts';
import { grantAccess } from '../../../src/core/workflow/grant-access.ts';
import { submitRequest } from '../../../src/core/workflow/submit-request.ts';
import type { WorkflowDeps } from '../../../src/core/workflow/workflow-deps.ts';
import { InMemoryJobQueue } from '../../fakes/in-memory-job-queue.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack/fake-slack.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { buttonsOf, messageText } from './slack-gestures.ts';
import { CHANNELS, PEOPLE, SLACK_TEST_POLICY } from './slack-stack.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
let server: RedisServer;
let redis: Redis;
let fake: FakeSlack;
let deps: WorkflowDeps;
let clock: ManualClock;
let notifier: ChatNotifier;

const person = (p: (typeof PEOPLE)[keyof typeof PEOPLE]): Principal => ({
  platform: 'slack',
  platformUserId: p.id,
  username: p.username,
  groups: [...p.groups],
  email: p.email,
});
const dmOf = (userId: string): string => `D${userId.replace(/^U/, '')}`;
const slackNotifier = (): ChatNotifier =>
  new ChatNotifier({ chat: new SlackChat(slackClient()), store: deps.store, clock, log: logger });
const slackClient = () =>
  createSlackClient(
    { botToken: fake.botToken, apiUrl: fake.apiUrl, mode: 'http', signingSecret: 'unused' },
    logger,
  );

before(async () => {
  server = await startRedis();
  redis = createRedis(server.url);
  fake = await startFakeSlack({
    users: Object.values(PEOPLE).map((p) => ({ id: p.id, name: p.username, email: p.email })),
    channels: [...Object.values(CHANNELS), { id: 'CINC9999XX', name: 'inc-9999', botIsMember: false }],
    userGroups: [{ id: 'SSECURITY1', handle: 'security-team', users: [PEOPLE.dave.id] }],
  });
});

beforeEach(() => {
  const keyPrefix = `cs-${randomBytes(3).toString('hex')}`;
  clock = new ManualClock(Date.now());
  const cluster = new RecordingCluster();
  cluster.objects.set('prod-payments/Deployment/api', { labels: { app: 'api' }, annotations: {} });
  cluster.objects.set('staging-web/Deployment/web', { labels: {}, annotations: {} });
  const policy = loadPolicy(SLACK_TEST_POLICY, 'test');
  deps = {
    store: new RedisRequestStore(redis, { keyPrefix }),
    audit: new RedisAuditSink(redis, { keyPrefix }),
    queue: new InMemoryJobQueue(),
    cluster,
    membership: { isMember: () => Promise.resolve(false) },
    clock,
    policy: () => policy,
    newId: () => formatRequestId(randomBytes(REQUEST_ID_RANDOM_BYTES)),
    defaultCluster: 'test',
    remindBeforeMs: 15 * 60_000,
  };
  notifier = slackNotifier();
});

after(async () => {
  await fake.stop();
  await redis.quit();
  await server.stop();
});

async function submit(text: string, requester = PEOPLE.alice) {
  return submitRequest(deps, {
    text,
    request: parseCommand(text) as ChangeRequest,
    requester: person(requester),
  });
}

/** Refs of messages posted. */
const posted = (id: string) => deps.store.listMessages(id);
const posts = (): number => fake.calls.filter((c) => c.method === 'chat.postMessage' && c.ok).length;
const topLevel = (channel: string, id: string) =>
  fake.messagesIn(channel).filter((m) => m.threadTs === undefined && messageText(m).includes(id));

void describe(
  'the chat notifier on Slack, against the fake Slack and a real Redis store',
  { timeout: 60_000 },
  () => {
    void test('one card per channel, one thread line per event, one DM per event, however often it runs', async () => {
      const filed = await submit(
        'scale deployment/api --replicas 6 -n prod-payments --incident INC-4312 --reason "load"',
      );
      await notifier.requestChanged(filed);
      await notifier.requestChanged(filed);
      assert.equal(topLevel(CHANNELS.prod.id, filed.id).length, 1);
      assert.equal(topLevel(CHANNELS.incident.id, filed.id).length, 1, 'the incident channel gets its copy');
      const roles = (await posted(filed.id)).map((r) => r.role).sort();
      assert.deepEqual(roles, ['approval-card', 'incident-card']);

      const { record } = await decideRequest(deps, {
        requestId: filed.id,
        person: person(PEOPLE.bob),
        verdict: 'approve',
      });
      await notifier.requestChanged(record);
      const before = posts();
      await notifier.requestChanged(record);
      assert.equal(posts(), before, 'a second run for the same version posts nothing');

      for (const channel of [CHANNELS.prod.id, CHANNELS.incident.id]) {
        const [card] = topLevel(channel, filed.id);
        assert.ok(card && card.history.length >= 1, 'the card was updated in place');
        assert.match(messageText(card), /1 of 2 approvals/);
        const lines = fake.messagesIn(channel, card.ts).filter((m) => /Approved by bob/.test(m.text));
        assert.equal(lines.length, 1);
      }
      const dms = fake.messagesIn(dmOf(PEOPLE.alice.id)).filter((m) => m.text.includes(filed.id));
      assert.equal(dms.length, 1);
      assert.match(dms[0]?.text ?? '', /Approved by bob/);
    });

    void test('notifications racing in two workers still post each message once', async () => {
      const filed = await submit(
        'restart deployment/api -n prod-payments --incident INC-4312 --reason "race"',
      );
      await decideRequest(deps, { requestId: filed.id, person: person(PEOPLE.bob), verdict: 'approve' });
      const { record } = await decideRequest(deps, {
        requestId: filed.id,
        person: person(PEOPLE.carol),
        verdict: 'approve',
      });
      const other = slackNotifier();
      await Promise.all([
        notifier.requestChanged(record),
        other.requestChanged(record),
        other.requestChanged(record),
      ]);
      for (const channel of [CHANNELS.prod.id, CHANNELS.incident.id]) {
        const cards = topLevel(channel, filed.id);
        assert.equal(cards.length, 1, `one card in ${channel}`);
        const thread = fake.messagesIn(channel, cards[0]!.ts).map((m) => m.text);
        assert.deepEqual(
          thread.map((t) => t.replace(/ \(.*$/, '')),
          ['Approved by bob', 'Approved by carol'],
        );
      }
      assert.equal(fake.messagesIn(dmOf(PEOPLE.alice.id)).filter((m) => m.text.includes(filed.id)).length, 2);
    });

    void test('a claim whose poster died lapses; a live one makes the job retry later', async () => {
      const filed = await submit('restart deployment/api -n prod-payments --reason "claims"');
      const slot = { platform: 'slack', channel: CHANNELS.prod.id, role: 'approval-card', key: '' } as const;
      const dead = clock.now() - 61_000;
      await deps.store.claimMessage(filed.id, slot, { token: 'dead', at: dead, staleBefore: dead - 60_000 });
      await notifier.requestChanged(filed);
      assert.equal(
        topLevel(CHANNELS.prod.id, filed.id).length,
        1,
        'the abandoned claim did not block the card',
      );

      const other = await submit('restart deployment/api -n prod-payments --reason "busy"');
      const live = clock.now();
      await deps.store.claimMessage(other.id, slot, { token: 'live', at: live, staleBefore: live - 60_000 });
      await assert.rejects(notifier.requestChanged(other), { code: 'message_slot_busy' });
      assert.equal(topLevel(CHANNELS.prod.id, other.id).length, 0, 'nothing posted over a live claim');
    });

    void test('a channel Slack refuses is skipped; the other copies are still posted', async () => {
      for (const incident of ['INC-9999', 'INC-0000']) {
        const filed = await submit(
          `restart deployment/api -n prod-payments --incident ${incident} --reason "x"`,
        );
        await notifier.requestChanged(filed);
        assert.equal(topLevel(CHANNELS.prod.id, filed.id).length, 1, incident);
        assert.deepEqual(
          (await posted(filed.id)).map((r) => r.channel),
          [CHANNELS.prod.id],
        );
      }
    });

    void test('a rate-limited Slack is waited out (Retry-After), not hammered, and still posts each message once', async () => {
      const filed = await submit('restart deployment/api -n prod-payments --reason "slow down"');
      await decideRequest(deps, { requestId: filed.id, person: person(PEOPLE.bob), verdict: 'approve' });
      const { record } = await decideRequest(deps, {
        requestId: filed.id,
        person: person(PEOPLE.carol),
        verdict: 'approve',
      });
      fake.setRateLimit('chat.postMessage', { limit: 1, windowMs: 1000, retryAfterSeconds: 1 });
      try {
        const from = fake.calls.length;
        await notifier.requestChanged(record);
        const calls = fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage');
        const limited = calls.filter((c) => c.status === 429);
        assert.ok(limited.length >= 1, 'Slack answered 429 at least once');
        for (const hit of limited) {
          const retry = calls.find((c) => c.at > hit.at && c.params.channel === hit.params.channel);
          assert.ok(retry, `the 429 at ${hit.at} was retried`);
          assert.equal(retry.status, 200, 'the retry got through');
          assert.equal(retry.params.text, hit.params.text, 'the retry posts the message the 429 refused');
          assert.ok(retry.at - hit.at >= 900, `retried after ${retry.at - hit.at} ms, before Retry-After`);
        }
      } finally {
        fake.setRateLimit('chat.postMessage', undefined);
      }
      const [card] = topLevel(CHANNELS.prod.id, filed.id);
      assert.ok(card);
      const thread = fake.messagesIn(CHANNELS.prod.id, card.ts).map((m) => m.text);
      assert.equal(thread.filter((t) => /Approved by bob/.test(t)).length, 1);
      assert.equal(thread.filter((t) => /Approved by carol/.test(t)).length, 1);
    });

    void test('a grant is DMed as the card with Extend and Revoke; the expiry reminder comes once', async () => {
      const filed = await submit('access role/view -n staging-web --for 1h --reason "debug"');
      assert.equal(await grantAccess(deps, filed.id), 'done');
      const granted = await deps.store.get(filed.id);
      assert.equal(granted?.state, 'active');
      await notifier.requestChanged(granted);
      const grantCard = fake.messagesIn(dmOf(PEOPLE.alice.id)).find((m) => messageText(m).includes(filed.id));
      assert.deepEqual(buttonsOf(grantCard!), {
        'countersign:extend': filed.id,
        'countersign:revoke': filed.id,
      });

      clock.advance(50 * 60_000);
      await notifier.grantExpiringSoon(granted);
      await notifier.grantExpiringSoon(granted);
      const reminders = fake.messagesIn(dmOf(PEOPLE.alice.id)).filter((m) => /ends in 10m/.test(m.text));
      assert.equal(reminders.length, 1);
      assert.deepEqual(buttonsOf(reminders[0]!), {
        'countersign:extend': filed.id,
        'countersign:revoke': filed.id,
      });
      const [card] = topLevel(CHANNELS.staging.id, filed.id);
      assert.equal(
        fake.messagesIn(CHANNELS.staging.id, card!.ts).filter((m) => /Access ends at/.test(m.text)).length,
        1,
      );

      clock.advance(10 * 60_000);
      assert.equal(await endGrant(deps, filed.id), 'done');
      await notifier.requestChanged((await deps.store.get(filed.id))!);
      const reminder = fake.messagesIn(dmOf(PEOPLE.alice.id)).find((m) => m.ts === reminders[0]!.ts);
      assert.deepEqual(
        buttonsOf(reminder!),
        {},
        'the reminder keeps no Extend or Revoke after the grant ended',
      );
      assert.doesNotMatch(reminder!.text, /ends in/);
      const dmCard = fake.messagesIn(dmOf(PEOPLE.alice.id)).find((m) => m.ts === grantCard!.ts);
      assert.deepEqual(buttonsOf(dmCard!), {});
    });

    void test('a card posted by a notification is not updated again by the same notification', async () => {
      const filed = await submit('restart deployment/api -n prod-payments --reason "one call"');
      await notifier.requestChanged(filed);
      const [card] = topLevel(CHANNELS.prod.id, filed.id);
      assert.ok(card);
      assert.equal(card.history.length, 0, 'no chat.update with the blocks just posted');
    });

    void test('a notification never renders a record older than the events it tells', async () => {
      const filed = await submit('access role/view -n staging-web --for 1h --reason "race"');
      let granted = false;
      const racing = Object.create(deps.store) as RequestStore;
      racing.listEvents = async (id) => {
        if (!granted) {
          granted = true;
          assert.equal(await grantAccess(deps, id), 'done', 'the grant lands while the notification runs');
        }
        return deps.store.listEvents(id);
      };
      const stale = new ChatNotifier({
        chat: new SlackChat(slackClient()),
        store: racing,
        clock,
        log: logger,
      });
      await stale.requestChanged(filed);
      const grantCard = fake.messagesIn(dmOf(PEOPLE.alice.id)).find((m) => messageText(m).includes(filed.id));
      assert.ok(grantCard, 'the grant is told');
      assert.deepEqual(
        buttonsOf({ blocks: grantCard.history[0]?.blocks ?? grantCard.blocks }),
        { 'countersign:extend': filed.id, 'countersign:revoke': filed.id },
        'the first rendering already shows the grant with its buttons',
      );
    });

    void test('Slack user groups answer membership at the click, by handle or ID, for Slack people only', async () => {
      let now = 0;
      const membership = new SlackMembership(slackClient(), logger, () => now);
      const group = { name: 'security', slackUserGroup: 'security-team', users: [] };
      assert.equal(await membership.isMember(person(PEOPLE.dave), group), true);
      assert.equal(await membership.isMember(person(PEOPLE.bob), group), false);
      assert.equal(
        await membership.isMember(person(PEOPLE.dave), { ...group, slackUserGroup: 'SSECURITY1' }),
        true,
      );
      assert.equal(await membership.isMember({ ...person(PEOPLE.dave), platform: 'teams' }, group), false);
      assert.equal(
        await membership.isMember(person(PEOPLE.dave), { ...group, slackUserGroup: 'nobody' }),
        false,
      );

      fake.addUserGroup({ id: 'SSECURITY1', handle: 'security-team', users: [] });
      assert.equal(await membership.isMember(person(PEOPLE.dave), group), true, 'cached for a moment');
      now += 6_000;
      assert.equal(
        await membership.isMember(person(PEOPLE.dave), group),
        false,
        'a removal counts after 5 s',
      );
    });
  },
);
