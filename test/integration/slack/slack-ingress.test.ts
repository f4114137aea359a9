import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { slashCommandBody, blockActionsBody } from '../../fakes/fake-slack/sign-request.ts';
import { eventually } from '../../scenarios/bot-driver.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { buttonsOf, clickCard, messageText, typeCommand } from './slack-gestures.ts';
import { CHANNELS, PEOPLE, STRANGER, startSlackStack, type SlackStack } from './slack-stack.ts';

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

const auditLength = async (): Promise<number> => {
  let n = 0;
  for await (const record of stack.workflow.audit.readAll()) n += record.seq > 0 ? 1 : 0;
  return n;
};

/** Files a prod request as alice and waits for its card in #prod-approvals. */
async function fileProdRequest(reason: string) {
  const gesture = await typeCommand(
    stack,
    PEOPLE.alice.id,
    `scale deployment/api --replicas 4 -n prod-payments --reason "${reason}"`,
  );
  const reply = await gesture.reply();
  const id = /cs-[a-z0-9]{10}/.exec(JSON.stringify(reply.body))?.[0];
  assert.ok(id, `the confirmation names the request ID: ${JSON.stringify(reply.body)}`);
  const card = await stack.fake.nextMessage(
    (m) => m.channel === CHANNELS.prod.id && m.threadTs === undefined && messageText(m).includes(id),
    20_000,
  );
  return { id, gesture, reply, card };
}

void describe('Slack ingress: the real Bolt app over signed HTTP', { timeout: 240_000 }, () => {
  void test('a forged signature and a stale timestamp are refused with 401, and nothing happens', async () => {
    const callsBefore = stack.fake.calls.length;
    const chainBefore = await auditLength();
    for (const sign of [{ wrongSecret: true }, { stale: true }]) {
      const request = slashCommandBody({
        text: 'scale deployment/api --replicas 9 -n prod-payments --reason "forged"',
        userId: PEOPLE.mallory.id,
        channelId: CHANNELS.dev.id,
        responseUrl: stack.fake.responseUrl(),
      });
      const response = await stack.send(request, sign);
      assert.equal(response.status, 401, JSON.stringify(sign));
    }
    const click = blockActionsBody({
      userId: PEOPLE.bob.id,
      actionId: 'countersign:approve',
      value: 'cs-aaaaaaaaaa',
      container: { type: 'message', channelId: CHANNELS.prod.id, messageTs: '1.000001' },
    });
    assert.equal((await stack.send(click, { wrongSecret: true })).status, 401);
    assert.equal((await fetch(stack.eventsUrl)).status, 405, 'only POST reaches Bolt');
    await sleep(300);
    assert.deepEqual(await stack.workflow.store.listOpenByRequester('mallory'), []);
    assert.equal(await auditLength(), chainBefore);
    assert.equal(stack.fake.calls.length, callsBefore, 'no Slack API call was made');
  });

  void test('bad command text gets the fix in the acknowledgement itself, and nothing is filed', async () => {
    const chainBefore = await auditLength();
    const gesture = await typeCommand(
      stack,
      PEOPLE.mallory.id,
      'scale deployment/api --replicas 5 -n prod-payments',
    );
    assert.equal(gesture.response.status, 200);
    assert.ok(gesture.elapsedMs < 3000, `acknowledged in ${gesture.elapsedMs} ms`);
    const body = gesture.response.json as { response_type?: string; text?: string; blocks?: unknown[] };
    assert.equal(body.response_type, 'ephemeral');
    assert.match(JSON.stringify(body.blocks), /--reason/);
    assert.match(JSON.stringify(body.blocks), /Example/);
    await sleep(300);
    assert.deepEqual(await stack.workflow.store.listOpenByRequester('mallory'), []);
    assert.equal(await auditLength(), chainBefore);
  });

  void test('a good command is acknowledged at once, confirmed with its ID and decision, and carded in the policy channel', async () => {
    const { id, gesture, reply, card } = await fileProdRequest('load test');
    assert.equal(gesture.response.status, 200);
    assert.ok(gesture.elapsedMs < 3000, `acknowledged in ${gesture.elapsedMs} ms`);
    assert.equal(reply.body.response_type, 'ephemeral');
    assert.match(JSON.stringify(reply.body.blocks), /Waiting for 2 approvals from sre-leads/);
    const record = await stack.workflow.store.get(id);
    assert.equal(record?.state, 'pending');
    assert.equal(record?.requester.username, 'alice');
    assert.deepEqual(buttonsOf(card), { 'countersign:approve': id, 'countersign:deny': id });
    assert.match(messageText(card), /scale deployment 3 → 4|3 → 4/);
    // The ledger records a card after Slack has it (claim, post, record), so the test
    // can see the card before its record lands: wait for the record.
    await eventually('the card recorded in the message ledger', async () =>
      (await stack.workflow.store.listMessages(id)).some(
        (r) => r.role === 'approval-card' && r.channel === CHANNELS.prod.id && r.messageId === card.ts,
      ),
    );
  });

  void test("the requester's own Approve is refused to them alone and changes nothing", async () => {
    const { id, card } = await fileProdRequest('self approval');
    const before = await stack.workflow.store.get(id);
    const events = (await stack.workflow.store.listEvents(id)).length;
    const gesture = await clickCard(stack, PEOPLE.alice.id, 'countersign:approve', card, id);
    assert.equal(gesture.response.status, 200);
    assert.ok(gesture.elapsedMs < 3000);
    const reply = await gesture.reply();
    assert.equal(reply.body.response_type, 'ephemeral');
    assert.equal(reply.body.replace_original, false);
    assert.match(JSON.stringify(reply.body), /cannot approve/);
    const afterClick = await stack.workflow.store.get(id);
    assert.equal(afterClick?.version, before?.version);
    assert.deepEqual(afterClick?.approvals, []);
    assert.equal((await stack.workflow.store.listEvents(id)).length, events);
  });

  void test('the same delivery twice changes nothing twice: one approval, one thread line, one request', async () => {
    const { id, card } = await fileProdRequest('retry');
    const click = blockActionsBody({
      userId: PEOPLE.bob.id,
      actionId: 'countersign:approve',
      value: id,
      container: { type: 'message', channelId: card.channel, messageTs: card.ts },
      responseUrl: stack.fake.responseUrl(),
      triggerId: stack.fake.issueTriggerId(),
    });
    assert.equal((await stack.send(click)).status, 200);
    assert.equal((await stack.send(click, { retryNum: 1 })).status, 200);
    const line = await stack.fake.nextMessage(
      (m) => m.threadTs === card.ts && /Approved by bob/.test(m.text),
      20_000,
    );
    assert.ok(line);
    await sleep(1500);
    const record = await stack.workflow.store.get(id);
    assert.equal(record?.approvals.length, 1);
    const approvals = (await stack.workflow.store.listEvents(id)).filter((e) => e.event.type === 'approved');
    assert.equal(approvals.length, 1);
    assert.equal(
      stack.fake.messagesIn(card.channel, card.ts).filter((m) => /Approved by bob/.test(m.text)).length,
      1,
    );
    assert.match(messageText(stack.fake.messagesIn(card.channel).find((m) => m.ts === card.ts)!), /1 of 2/);

    const doubleClick = await clickCard(stack, PEOPLE.bob.id, 'countersign:approve', card, id);
    assert.match(JSON.stringify((await doubleClick.reply()).body), /already recorded; nothing changed/);
    assert.equal((await stack.workflow.store.get(id))?.version, record?.version);

    const command = slashCommandBody({
      text: 'restart deployment/api -n prod-payments --reason "twice"',
      userId: PEOPLE.carol.id,
      channelId: CHANNELS.dev.id,
      responseUrl: stack.fake.responseUrl(),
      triggerId: stack.fake.issueTriggerId(),
    });
    await stack.send(command);
    await stack.send(command, { retryNum: 1 });
    await sleep(1500);
    assert.equal((await stack.workflow.store.listOpenByRequester('carol')).length, 1);
  });

  void test('hostile reason text never reaches Slack unescaped', async () => {
    const hostile = '<!channel> *urgent* <https://evil.example|bank.com> @here :white_check_mark: `x`';
    const { id, card } = await fileProdRequest(hostile.replace(/"/g, ''));
    const everything = [
      ...stack.fake.messages.filter((m) => messageText(m).includes(id)),
      ...stack.fake.responses.map((r) => ({ text: JSON.stringify(r.body), blocks: [] })),
    ].map(messageText);
    for (const text of everything) {
      assert.doesNotMatch(text, /<!channel>|<https:\/\/evil|@here|\*urgent\*/, text);
    }
    assert.match(messageText(card), /&lt;!channel&gt;/);
  });

  void test('someone Countersign cannot map is told why, and nothing is filed', async () => {
    const gesture = await typeCommand(
      stack,
      STRANGER.id,
      'scale deployment/api --replicas 2 -n prod-payments --reason x',
    );
    const reply = await gesture.reply();
    assert.match(JSON.stringify(reply.body), /identity table/);
    assert.doesNotMatch(JSON.stringify(reply.body), /reference/);
  });
});
