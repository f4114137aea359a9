import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CARD_VERBS } from '../../../src/adapters/teams/render/card-verbs.ts';
import {
  cardOf,
  executeActions,
  personalInstall,
  teamInstall,
} from '../../fakes/fake-teams/teams-activities.ts';
import type { PostedActivity } from '../../fakes/fake-teams/fake-teams-types.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { selfSignedCert } from '../../harness/self-signed-cert.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { cardText, click, requestIdIn, soon, typeInChat } from './teams-gestures.ts';
import { startTeamsStack, TEAM, TEAMS_CHANNELS, TEAMS_PEOPLE, type TeamsStack } from './teams-stack.ts';

let redis: RedisServer;
let stack: TeamsStack;
const cluster = new RecordingCluster();
const chats: Record<string, string> = {};
const { alice, bob, carol } = TEAMS_PEOPLE;
const PROD = TEAMS_CHANNELS['#prod-approvals']!;

before(async () => {
  redis = await startRedis();
  stack = await startTeamsStack({
    redis,
    cluster,
    worker: true,
    certificate: selfSignedCert('countersign-app'),
  });
  await stack.fake.deliver(teamInstall(stack.fake, TEAM, bob));
  for (const person of [alice, bob, carol]) {
    chats[person.name] = stack.fake.connector.addPersonalChat(person);
    await stack.fake.deliver(personalInstall(stack.fake, person, chats[person.name]!));
  }
});

after(async () => {
  await stack?.stop();
  await redis?.stop();
});

const latest = (message: PostedActivity): PostedActivity =>
  stack.fake.connector.posted.find((p) => p.id === message.id) ?? message;

void describe('Teams grants', () => {
  void test('a grant reaches its holder as a card with Extend and Revoke, which work from Teams', async () => {
    const id = requestIdIn(
      await typeInChat(
        stack,
        alice,
        chats.alice!,
        'k8s-request access role/view -n prod-payments --for 1h --reason "debug"',
      ),
    );
    const card = await stack.fake.connector.waitFor((c) =>
      c.messagesIn(PROD).find((m) => JSON.stringify(cardOf(m)).includes(id)),
    );
    await click(stack, bob, card, CARD_VERBS.approve);
    await click(stack, carol, card, CARD_VERBS.approve);
    const grantCard = await soon('the grant card in alice’s chat', () =>
      stack.fake.connector
        .messagesIn(chats.alice!)
        .find((m) =>
          executeActions(cardOf(m)).some((a) => a.verb === CARD_VERBS.extend && a.data.requestId === id),
        ),
    );
    assert.match(cardText(cardOf(grantCard)), /Access granted/);
    const before = (await stack.workflow.store.get(id))?.grant?.expiresAt ?? 0;

    const callsBeforeWrong = cluster.calls.length;
    const wrong = await click(stack, alice, grantCard, CARD_VERBS.extend, { duration: '99h' });
    assert.equal(wrong.kind, 'message', wrong.text);
    assert.match(wrong.text, /^Choose how much longer: /, 'the refusal names the durations offered');
    assert.equal(
      (await stack.workflow.store.get(id))?.grant?.expiresAt,
      before,
      'a refused extension changes nothing',
    );
    assert.equal(cluster.calls.length, callsBeforeWrong, 'a refused extension touches no cluster');
    const extended = await click(stack, alice, grantCard, CARD_VERBS.extend, { duration: '30m' });
    assert.equal(extended.kind, 'card', extended.text);
    const after = (await stack.workflow.store.get(id))?.grant?.expiresAt ?? 0;
    assert.equal(after - before, 30 * 60_000);
    assert.ok(cluster.calls.includes(`updateGrantExpiry ${id}`));

    const record = await stack.workflow.store.get(id);
    assert.ok(record);
    await stack.surface.notifier.grantExpiringSoon(record);
    await stack.surface.notifier.grantExpiringSoon(record);
    const reminders = stack.fake.connector
      .messagesIn(PROD, card.id)
      .filter((m) => /Access ends at/.test(cardText(cardOf(m))));
    assert.equal(reminders.length, 1, 'one reminder line per thread, however often the job runs');
    const dm = stack.fake.connector
      .messagesIn(chats.alice!)
      .filter((m) => /ends in/.test(cardText(cardOf(m))));
    assert.equal(dm.length, 1);
    assert.ok(
      executeActions(cardOf(dm[0]!)).some((a) => a.verb === CARD_VERBS.revoke),
      'the reminder offers Revoke',
    );

    // A copy of the card as a client that has not refreshed yet still shows it: Revoke live.
    const stale = structuredClone(grantCard);
    const revoked = await click(stack, alice, grantCard, CARD_VERBS.revoke);
    assert.equal(revoked.kind, 'card');
    assert.ok(cluster.calls.includes(`deleteGrant ${id}`));
    assert.equal((await stack.workflow.store.get(id))?.state, 'revoked');
    await soon('every copy to show the revocation, the reminder too (no live buttons left behind)', () =>
      [card, grantCard, dm[0]!].every(
        (m) => /Revoked/.test(cardText(cardOf(latest(m)))) && executeActions(cardOf(latest(m))).length === 0,
      ),
    );
    const revokedRecord = JSON.stringify(await stack.workflow.store.get(id));
    const callsBeforeAgain = cluster.calls.length;
    const confirmations = (): number =>
      stack.fake.connector.posted.filter((m) => /Revoked: you revoked/.test(cardText(cardOf(m)))).length;
    const confirmationsBeforeAgain = confirmations();
    const again = await click(stack, alice, stale, CARD_VERBS.revoke);
    assert.equal(
      again.kind,
      'message',
      `a stale Revoke is answered with a message, not a card: ${again.text}`,
    );
    assert.equal(again.text, `Request ${id} was revoked, so it cannot be revoked.`);
    assert.equal(
      JSON.stringify(await stack.workflow.store.get(id)),
      revokedRecord,
      'the record is untouched',
    );
    assert.equal(cluster.calls.length, callsBeforeAgain, 'no second call to the cluster');
    assert.equal(confirmations(), confirmationsBeforeAgain, 'no second confirmation posted');
  });

  void test('the bot’s outbound tokens came from its certificate', () => {
    const botFramework = stack.fake.login.issued.filter(
      (t) => t.scope === 'https://api.botframework.test/.default',
    );
    assert.ok(botFramework.length > 0);
    assert.ok(
      stack.fake.login.issued.every(
        (t) => t.credential === 'certificate' && t.tenant === stack.fake.tenantId,
      ),
    );
    assert.ok(
      stack.fake.connector.calls.every((c) => c.status !== 401),
      'every connector call carried a valid token',
    );
  });
});
