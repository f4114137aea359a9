import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileRequest } from '../../../src/core/lifecycle/file-request.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import { parseCommand } from '../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../src/core/requests/request-types.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { appHomeOpenedBody, blockActionsBody } from '../../fakes/fake-slack/sign-request.ts';
import { requireApproval } from '../store/fixtures.ts';
import { buttonsOf, clickCard, messageText } from './slack-gestures.ts';
import { CHANNELS, PEOPLE, startSlackStack, type SlackStack } from './slack-stack.ts';

let cp: ControlPlane;
let redis: RedisServer;
let stack: SlackStack;

before(async () => {
  [cp, redis] = await Promise.all([startControlPlane({ seed: true }), startRedis()]);
  stack = await startSlackStack({ cp, redis, worker: true });
});

after(async () => {
  await stack?.stop();
  await Promise.all([cp?.stop(), redis?.stop()]);
});

const mallory: Principal = {
  platform: 'slack',
  platformUserId: PEOPLE.mallory.id,
  username: PEOPLE.mallory.username,
  groups: [...PEOPLE.mallory.groups],
  email: PEOPLE.mallory.email,
};

/** A break-glass run as the step-up callback files it (the requester's sign-in already verified), announced. */
async function fileBreakGlassRun(id: string): Promise<void> {
  const text =
    'scale deployment/api --replicas 9 -n prod-payments --incident INC-4312 --break-glass --reason "down"';
  const now = stack.workflow.clock.now();
  const filed = fileRequest({
    id,
    request: parseCommand(text) as ChangeRequest,
    text,
    cluster: 'test',
    requester: mallory,
    decision: requireApproval(['sre-leads'], {
      breakGlassAllowed: true,
      channels: { slack: ['#prod-approvals'], teams: [], web: [] },
    }),
    requesterStepUp: {
      issuer: 'https://id.example.com',
      subject: 'sub-mallory',
      amr: ['mfa'],
      authTime: now,
    },
    at: now,
  });
  assert.equal(await stack.workflow.store.create(filed.record, filed.events), true);
  await stack.workflow.queue.enqueue('notify', { requestId: id, version: filed.record.version });
}

const unreviewed = async (): Promise<string[]> =>
  (await stack.workflow.store.listUnreviewedBreakGlass()).map((r) => r.id);

void describe('Slack break-glass: the security channel and Acknowledge', { timeout: 120_000 }, () => {
  void test('a break-glass card lands in the security channel with Acknowledge; an approver’s click records the review, a non-approver’s is refused', async () => {
    const id = 'cs-brkglassaa';
    await fileBreakGlassRun(id);
    const card = await stack.fake.waitFor((f) =>
      f.messagesIn(CHANNELS.security.id).find((m) => m.threadTs === undefined && messageText(m).includes(id)),
    );
    await stack.fake.waitFor((f) =>
      f.messagesIn(CHANNELS.prod.id).find((m) => m.threadTs === undefined && messageText(m).includes(id)),
    );
    assert.equal(buttonsOf(card)['countersign:acknowledge'], id, 'the card offers Acknowledge');
    assert.deepEqual(await unreviewed(), [id]);

    for (const [who, why] of [
      [PEOPLE.dave.id, /You are not in an approver group for request/],
      [PEOPLE.mallory.id, /you cannot acknowledge it/],
    ] as const) {
      const refused = await clickCard(stack, who, 'countersign:acknowledge', card, id);
      assert.equal(refused.response.status, 200);
      const refusal = await refused.reply();
      assert.equal(refusal.body.response_type, 'ephemeral');
      assert.match(JSON.stringify(refusal.body), why);
      assert.deepEqual(await unreviewed(), [id], 'a refused click reviews nothing');
    }

    const accepted = await clickCard(stack, PEOPLE.bob.id, 'countersign:acknowledge', card, id);
    assert.match(JSON.stringify((await accepted.reply()).body), /You acknowledged the break-glass run/);
    assert.deepEqual(await unreviewed(), []);
    const stored = await stack.workflow.store.get(id);
    assert.equal(stored?.breakGlass?.review?.by.username, 'bob');
    await stack.fake.waitFor((f) =>
      f
        .messagesIn(CHANNELS.security.id)
        .find((m) => m.ts === card.ts && /acknowledged by bob/.test(messageText(m))),
    );
  });

  void test('App Home lists a break-glass run for an approver to review, with Acknowledge; acknowledging it there takes it off the list', async () => {
    const id = 'cs-brkglassbb';
    await fileBreakGlassRun(id);
    const homeOf = (userId: string) => stack.fake.homeViews.find((v) => v.userId === userId);
    const published = (userId: string, after: number) =>
      stack.fake.waitFor((f) => {
        const home = f.homeViews.find((v) => v.userId === userId);
        return home && home.history.length >= after ? home : undefined;
      });

    const before = homeOf(PEOPLE.bob.id)?.history.length ?? -1;
    assert.equal((await stack.send(appHomeOpenedBody({ userId: PEOPLE.bob.id }))).status, 200);
    const bobHome = await published(PEOPLE.bob.id, before + 1);
    const row = (
      bobHome.view.blocks as {
        block_id?: string;
        text?: { text: string };
        accessory?: Record<string, unknown>;
      }[]
    ).find((b) => b.block_id === `break-glass:${id}`);
    assert.ok(row, `bob's Home lists ${id} to review`);
    assert.match(
      row.text?.text ?? '',
      new RegExp(
        `Ran without approval by ${PEOPLE.mallory.username} \\(<@${PEOPLE.mallory.id}>\\) under INC-4312`,
      ),
    );
    assert.equal(row.accessory?.action_id, 'countersign:acknowledge');
    assert.equal(row.accessory?.value, id);

    for (const who of [PEOPLE.dave.id, PEOPLE.mallory.id]) {
      const seen = homeOf(who)?.history.length ?? -1;
      await stack.send(appHomeOpenedBody({ userId: who }));
      const home = await published(who, seen + 1);
      assert.ok(!JSON.stringify(home.view).includes(`break-glass:${id}`), `${who} is not asked to review it`);
    }

    const shown = bobHome.history.length;
    const click = await stack.send(
      blockActionsBody({
        userId: PEOPLE.bob.id,
        actionId: 'countersign:acknowledge',
        value: id,
        blockId: `break-glass:${id}`,
        container: { type: 'view', viewId: bobHome.id, view: { type: 'home' } },
        triggerId: stack.fake.issueTriggerId(),
      }),
    );
    assert.equal(click.status, 200);
    const refreshed = await published(PEOPLE.bob.id, shown + 1);
    assert.ok(!JSON.stringify(refreshed.view).includes(id), 'the acknowledged run leaves the Home list');
    assert.equal((await stack.workflow.store.get(id))?.breakGlass?.review?.by.username, 'bob');
  });
});
