import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CARD_VERBS } from '../../../src/adapters/teams/render/card-verbs.ts';
import {
  cardOf,
  executeActions,
  personalInstall,
  teamInstall,
} from '../../fakes/fake-teams/teams-activities.ts';
import type { FakeTeamsUser, PostedActivity } from '../../fakes/fake-teams/fake-teams-types.ts';
import type { TeamsMention } from '../../../src/adapters/teams/render/adaptive-card.ts';
import type { StepUpIntent, StepUpPort } from '../../../src/core/ports/step-up.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { cardText, click, requestIdIn, soon, typeInChat } from './teams-gestures.ts';
import {
  startTeamsStack,
  TEAM,
  TEAMS_CHANNELS,
  TEAMS_PEOPLE,
  SECURITY_GROUP,
  type TeamsStack,
} from './teams-stack.ts';

let redis: RedisServer;
let stack: TeamsStack;
const stepUps: StepUpIntent[] = [];
const stepUp: StepUpPort = {
  begin: (intent) => {
    stepUps.push(intent);
    return Promise.resolve(`https://countersign.test/stepup/${stepUps.length}`);
  },
};
const cluster = new RecordingCluster();
const chats: Record<string, string> = {};
const { alice, bob, carol, mallory, dave } = TEAMS_PEOPLE;
const PROD = TEAMS_CHANNELS['#prod-approvals']!;
const INCIDENT = TEAMS_CHANNELS['#inc-4312']!;

before(async () => {
  redis = await startRedis();
  for (const ns of ['prod-payments', 'secure-vault', 'audit-logs'])
    cluster.objects.set(`${ns}/Deployment/api`, { labels: {}, annotations: {} });
  stack = await startTeamsStack({ redis, cluster, worker: true, stepUp });
  assert.equal((await stack.fake.deliver(teamInstall(stack.fake, TEAM, bob))).status, 200);
  for (const person of [alice, bob, carol, dave]) {
    chats[person.name] = stack.fake.connector.addPersonalChat(person);
    await stack.fake.deliver(personalInstall(stack.fake, person, chats[person.name]!));
  }
});

after(async () => {
  await stack?.stop();
  await redis?.stop();
});

const cardIn = (channel: string, requestId: string): Promise<PostedActivity> =>
  stack.fake.connector.waitFor((c) =>
    c.messagesIn(channel).find((m) => JSON.stringify(cardOf(m)).includes(requestId)),
  );
const threadOf = (card: PostedActivity): string[] =>
  stack.fake.connector.messagesIn(card.conversationId, card.id).map((m) => cardText(cardOf(m)));

/**
 * `message` (accepted by the fake Bot Connector, which checks its mentions) names each
 * person by username with their mention beside it, `<text> (<at>bob</at>)`, and its
 * card's entities mention exactly `people` by their Entra object IDs.
 */
function assertMentions(
  message: PostedActivity | undefined,
  text: string,
  people: readonly FakeTeamsUser[],
): void {
  const card = cardOf(message ?? { activity: {} }) as { msteams?: { entities: TeamsMention[] } } | undefined;
  const name = text.split(' ').at(-1) ?? '';
  assert.match(cardText(card), new RegExp(`${text} \\(<at>${name}</at>\\)`));
  assert.deepEqual(
    card?.msteams?.entities,
    people.map((p) => ({
      type: 'mention',
      text: `<at>${p.name}</at>`,
      mentioned: { id: p.aadObjectId, name: p.name },
    })),
  );
}

void describe('Teams approvals', () => {
  void test('two distinct approvers, never the requester: the card, its copies and threads follow', async () => {
    const reply = await typeInChat(
      stack,
      alice,
      chats.alice!,
      'k8s-request scale deployment/api --replicas 5 -n prod-payments --incident INC-4312 --reason "INC-4312 load"',
    );
    const id = requestIdIn(reply);
    const card = await cardIn(PROD, id);
    const incident = await cardIn(INCIDENT, id);
    assert.deepEqual(
      executeActions(cardOf(card)).map((a) => [a.verb, a.data]),
      [
        [CARD_VERBS.approve, { requestId: id }],
        [CARD_VERBS.deny, { requestId: id }],
      ],
      'buttons carry the request ID only',
    );

    const own = await click(stack, alice, card, CARD_VERBS.approve);
    assert.equal(own.kind, 'message');
    assert.match(own.text, /cannot approve/);
    const outsider = await click(stack, mallory, card, CARD_VERBS.approve);
    assert.equal(outsider.kind, 'message');
    assert.match(outsider.text, /approver/);

    const first = await click(stack, bob, card, CARD_VERBS.approve);
    assert.equal(first.kind, 'card');
    assert.match(first.text, /1 of 2/);
    const again = await click(stack, bob, card, CARD_VERBS.approve);
    assert.match(again.text, /already recorded/);
    const second = await click(stack, carol, card, CARD_VERBS.approve);
    assert.equal(second.kind, 'card');

    await soon('the action to run', () => cluster.calls.some((c) => c.startsWith(`execute scale api`)));
    for (const copy of [card, incident]) {
      const text = await soon(`the copy in ${copy.conversationId} to say Done`, () => {
        const current = stack.fake.connector.posted.find((p) => p.id === copy.id);
        const shown = cardText(cardOf(current ?? copy));
        return /Done/.test(shown) ? shown : undefined;
      });
      assert.match(text, /Approved by bob/);
      assert.match(text, /Approved by carol/);
      assert.deepEqual(executeActions(cardOf(copy)), [], 'a finished card has no buttons');
      const lines = await soon('the thread to tell it ran', () => {
        const got = threadOf(copy);
        return got.some((l) => /^Executed/.test(l)) ? got : undefined;
      });
      assert.equal(lines.filter((l) => /Approved by bob/.test(l)).length, 1);
      assert.equal(lines.filter((l) => /Approved by carol/.test(l)).length, 1);
      assert.ok(!lines.some((l) => /alice/.test(l) && /Approved/.test(l)));
      assertMentions(stack.fake.connector.posted.find((p) => p.id === copy.id) ?? copy, 'Approved by bob', [
        alice,
        bob,
        carol,
      ]);
      const line = stack.fake.connector
        .messagesIn(copy.conversationId, copy.id)
        .find((m) => /Approved by bob/.test(cardText(cardOf(m))));
      assertMentions(line, 'Approved by bob', [bob]);
    }
    const updates = stack.fake.connector.calls.filter(
      (c) => c.method === 'PUT' && c.path.includes(`messageid=${card.id}`),
    );
    assert.ok(
      updates.length >= 2 &&
        updates.every((u) => u.status === 200 && u.path.endsWith(`/activities/${card.id}`)),
    );
    const told = await soon('alice to hear it ran', () => {
      const dms = stack.fake.connector.messagesIn(chats.alice!).map((m) => cardText(cardOf(m)));
      return dms.some((d) => d.includes(id) && /Executed/.test(d))
        ? dms.filter((d) => d.includes(id))
        : undefined;
    });
    assert.equal(told.filter((d) => /Approved by/.test(d)).length, 2);
    const dm = stack.fake.connector
      .messagesIn(chats.alice!)
      .find((m) => /Approved by carol/.test(cardText(cardOf(m))));
    assertMentions(dm, 'Approved by carol', [carol]);
    const events = (await stack.workflow.store.listEvents(id)).map((r) => `${r.event.type}:${r.event.actor}`);
    assert.ok(
      events.includes('approved:bob') &&
        events.includes('approved:carol') &&
        !events.includes('approved:alice'),
    );
  });

  void test('the clicker still sees "You approved …: 1 of 2" after the shared update replaces the card (issue 19 item 6)', async () => {
    const id = requestIdIn(
      await typeInChat(
        stack,
        alice,
        chats.alice!,
        'k8s-request restart deployment/api -n prod-payments --reason "pick up the new secret"',
      ),
    );
    const card = await cardIn(PROD, id);
    const first = await click(stack, bob, card, CARD_VERBS.approve);
    assert.equal(first.kind, 'card');
    assert.match(first.text, /You approved .* 1 of 2 approvals/);
    const shared = await soon('the shared update to replace bob’s copy of the card', () => {
      const current = stack.fake.connector.posted.find((p) => p.id === card.id);
      const shown = current ? cardText(cardOf(current)) : '';
      return /Approved by bob/.test(shown) ? shown : undefined;
    });
    assert.doesNotMatch(shared, /You approved/, 'the shared card carries no one person’s confirmation');
    const confirmation = await soon('bob’s confirmation in the card’s thread', () =>
      threadOf(card).find((line) => /You approved/.test(line)),
    );
    assert.match(
      confirmation,
      new RegExp(
        `^bob: You approved restart deployment/api in prod-payments \\(${id}\\): 1 of 2 approvals\\.$`,
      ),
    );
    assert.equal(threadOf(card).filter((line) => /You approved/.test(line)).length, 1, 'one confirmation');
    const refused = await click(stack, alice, card, CARD_VERBS.approve);
    assert.equal(refused.kind, 'message');
    assert.equal(threadOf(card).filter((line) => /alice: /.test(line)).length, 0, 'a refusal stays private');
  });

  void test('deny collects a reason on the card; hostile text is shown inert', async () => {
    const id = requestIdIn(
      await typeInChat(
        stack,
        alice,
        chats.alice!,
        'k8s-request restart deployment/api -n prod-payments --reason "roll it"',
      ),
    );
    const card = await cardIn(PROD, id);
    const own = await click(stack, alice, card, CARD_VERBS.deny, { reason: 'changed my mind' });
    assert.equal(own.kind, 'message');
    assert.match(
      own.text,
      new RegExp(`To withdraw it: k8s-request cancel ${id}`),
      'the command as Teams spells it',
    );
    assert.doesNotMatch(own.text, /\/k8s-request/, 'no Slack slash command in Teams');
    const empty = await click(stack, bob, card, CARD_VERBS.deny, { reason: '  ' });
    assert.match(empty.text, /Say why/);
    const denied = await click(stack, bob, card, CARD_VERBS.deny, {
      reason: 'not now **[bank](http://evil.example)**',
    });
    assert.equal(denied.kind, 'card');
    assert.match(denied.text, /Denied/);
    const lines = await soon('the denial line', () => {
      const got = threadOf(card);
      return got.some((l) => l.startsWith('Denied by bob')) ? got : undefined;
    });
    const line = lines.find((l) => l.startsWith('Denied by bob')) ?? '';
    assert.ok(!/\*\*|\[bank\]\(/.test(line), `markdown must not survive: ${line}`);
    assert.match(line, /bank/);
    const record = await stack.workflow.store.get(id);
    assert.equal(record?.state, 'denied');
    assert.equal(record?.denial?.reason, 'not now **[bank](http://evil.example)**');
  });

  void test('an Entra approver group is checked with Graph at the click', async () => {
    const id = requestIdIn(
      await typeInChat(
        stack,
        alice,
        chats.alice!,
        'k8s-request restart deployment/api -n secure-vault --reason "rotate"',
      ),
    );
    const card = await cardIn(PROD, id);
    const refused = await click(stack, mallory, card, CARD_VERBS.approve);
    assert.equal(refused.kind, 'message');
    assert.match(refused.text, /approver/);
    const approved = await click(stack, dave, card, CARD_VERBS.approve);
    assert.equal(approved.kind, 'card', approved.text);
    const asked = stack.fake.graph.calls.filter((c) => c.userId === dave.aadObjectId);
    assert.deepEqual(
      asked.map((c) => [c.groupIds, c.status]),
      [[[SECURITY_GROUP], 200]],
    );
    assert.ok(stack.fake.graph.calls.some((c) => c.userId === mallory.aadObjectId && c.status === 200));
    assert.ok(
      stack.fake.login.issued.some(
        (t) => t.scope === `${new URL(stack.fake.graph.graphUrl).origin}/.default`,
      ),
    );
  });

  void test('a member of a group nested in the Entra approver group is an approver, also when Graph throttles the check', async () => {
    const nested = '5ec0a11d-0000-4000-8000-0000000000b1';
    stack.fake.graph.setMembers(nested, [carol.aadObjectId]);
    stack.fake.graph.setMembers(SECURITY_GROUP, [dave.aadObjectId, nested]);
    try {
      const id = requestIdIn(
        await typeInChat(
          stack,
          alice,
          chats.alice!,
          'k8s-request restart deployment/api -n secure-vault --reason "nested group"',
        ),
      );
      const card = await cardIn(PROD, id);
      const start = stack.fake.graph.calls.length;
      stack.fake.graph.faults.next({ kind: 'throttle', retryAfterSeconds: 1 });
      const approved = await click(stack, carol, card, CARD_VERBS.approve);
      assert.equal(approved.kind, 'card', approved.text);
      assert.deepEqual(
        stack.fake.graph.calls.slice(start).map((c) => [c.userId, c.status]),
        [
          [carol.aadObjectId, 429],
          [carol.aadObjectId, 200],
        ],
      );
      const record = await stack.workflow.store.get(id);
      assert.deepEqual(
        record?.approvals.map((a) => [a.approver.username, a.groups]),
        [['carol', ['security']]],
      );
    } finally {
      stack.fake.graph.setMembers(SECURITY_GROUP, [dave.aadObjectId]);
    }
  });

  void test('the Bot Connector throttling a message: sent again after its Retry-After, and every message lands once', async () => {
    const start = stack.fake.connector.calls.length;
    const throttled = stack.fake.connector.faults.faulted.length;
    stack.fake.connector.faults.next({ kind: 'throttle', retryAfterSeconds: 1 });
    const id = requestIdIn(
      await typeInChat(
        stack,
        alice,
        chats.alice!,
        'k8s-request restart deployment/api -n prod-payments --reason "throttled"',
      ),
    );
    const card = await cardIn(PROD, id);
    assert.equal(stack.fake.connector.faults.faulted.length, throttled + 1, 'one call was throttled');
    const refused = stack.fake.connector.calls.slice(start).find((c) => c.status === 429)!;
    const retry = await stack.fake.connector.waitFor((c) =>
      c.calls.find((r) => r.at > refused.at && r.method === refused.method && r.path === refused.path),
    );
    assert.ok(
      retry.status < 300,
      `the throttled ${refused.method} ${refused.path} went through: ${retry.status}`,
    );
    assert.ok(retry.at - refused.at >= 1_000, `sent again ${retry.at - refused.at} ms after the 429`);
    const mentioning = stack.fake.connector.posted.filter(
      (p) => p.from === 'bot' && !p.deleted && JSON.stringify(p.versions[0]).includes(id),
    );
    const perConversation = new Map<string, number>();
    for (const p of mentioning) {
      const key = `${p.conversationId} ${p.threadRoot ?? ''} ${JSON.stringify(p.versions[0])}`;
      perConversation.set(key, (perConversation.get(key) ?? 0) + 1);
    }
    assert.deepEqual(
      [...perConversation.values()].filter((n) => n > 1),
      [],
      'no message landed twice',
    );
    assert.equal(stack.fake.connector.messagesIn(PROD).filter((m) => m.id === card.id).length, 1);
    assert.equal(
      stack.fake.connector.messagesIn(PROD).filter((m) => JSON.stringify(cardOf(m)).includes(id)).length,
      1,
      'one card in the channel',
    );
  });

  void test('where policy wants step-up, the approver gets their own sign-in link and nothing counts yet', async () => {
    const id = requestIdIn(
      await typeInChat(
        stack,
        alice,
        chats.alice!,
        'k8s-request restart deployment/api -n audit-logs --reason "rotate"',
      ),
    );
    const card = await cardIn(PROD, id);
    const answer = await click(stack, bob, card, CARD_VERBS.approve);
    assert.equal(answer.kind, 'card', answer.text);
    assert.match(answer.text, /sign in again/);
    assert.match(
      JSON.stringify(answer.card),
      /"type":"Action.OpenUrl","id":"sign-in","title":"Sign in again","url":"https:\/\/countersign.test\/stepup\/1"/,
    );
    assert.deepEqual(
      stepUps.map((s) => (s.kind === 'approve' ? [s.requestId, s.person.username] : [])),
      [[id, 'bob']],
    );
    assert.equal((await stack.workflow.store.get(id))?.approvals.length, 0);
  });
});
