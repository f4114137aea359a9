import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { slashCommandBody, blockActionsBody } from '../../fakes/fake-slack/sign-request.ts';
import { eventually } from '../../scenarios/bot-driver.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import type { FakeSlackCall, PostedMessage } from '../../fakes/fake-slack/fake-slack-types.ts';
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

/** How many audit records are about something other than `except` (request IDs). */
const auditLength = async (...except: string[]): Promise<number> => {
  let n = 0;
  for await (const record of stack.workflow.audit.readAll())
    n += record.seq > 0 && !except.includes(record.event.requestId) ? 1 : 0;
  return n;
};

/** Waits until the worker has nothing waiting or running (delayed reminders and expiries may stay). */
async function queueSettled(): Promise<void> {
  await eventually('the job queue to settle', async () => {
    const counts = await stack.composed.queue.counts();
    return counts.waiting + counts.active + counts.prioritized === 0;
  });
}

/**
 * The Slack API calls in `calls` that post or change messages, as `method` counts (the
 * order of jobs may vary; look-ups such as users.info are cached, so the first run makes more).
 */
const methodCounts = (calls: readonly { method: string }[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const call of calls.filter((c) => c.method.startsWith('chat.')))
    counts[call.method] = (counts[call.method] ?? 0) + 1;
  return counts;
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
    // The positive signal: the same command, signed, is filed and answered after them.
    const genuine = await typeCommand(
      stack,
      PEOPLE.mallory.id,
      'scale deployment/api --replicas 9 -n prod-payments --reason "genuine"',
    );
    const id = /cs-[a-z0-9]{10}/.exec(JSON.stringify((await genuine.reply()).body))?.[0];
    assert.ok(id, 'the signed command is filed');
    await stack.fake.nextMessage((m) => messageText(m).includes(id), 20_000);
    await queueSettled();
    assert.deepEqual(
      (await stack.workflow.store.listOpenByRequester('mallory')).map((r) => r.id),
      [id],
      'only the signed command was filed',
    );
    assert.equal(await auditLength(id), chainBefore, 'the chain holds nothing about the forged deliveries');
    const since = JSON.stringify(stack.fake.calls.slice(callsBefore));
    assert.doesNotMatch(since, /forged|cs-aaaaaaaaaa/, 'no Slack API call was made for them');
  });

  void test('bad command text gets the fix in the acknowledgement itself, and nothing is filed', async () => {
    const chainBefore = await auditLength();
    const gesture = await typeCommand(
      stack,
      PEOPLE.mallory.id,
      'scale deployment/api --replicas 5 -n prod-payments',
    );
    assert.equal(gesture.response.status, 200);
    const body = gesture.response.json as { response_type?: string; text?: string; blocks?: unknown[] };
    assert.equal(body.response_type, 'ephemeral');
    assert.match(JSON.stringify(body.blocks), /--reason/);
    assert.match(JSON.stringify(body.blocks), /Example/);
    // The positive signal: the fixed command from the same person is filed after it.
    const openBefore = (await stack.workflow.store.listOpenByRequester('mallory')).map((r) => r.id);
    const fixed = await typeCommand(
      stack,
      PEOPLE.mallory.id,
      'scale deployment/api --replicas 5 -n prod-payments --reason "fixed"',
    );
    const id = /cs-[a-z0-9]{10}/.exec(JSON.stringify((await fixed.reply()).body))?.[0];
    assert.ok(id, 'the fixed command is filed');
    await queueSettled();
    assert.deepEqual(
      (await stack.workflow.store.listOpenByRequester('mallory')).map((r) => r.id).sort(),
      [...openBefore, id].sort(),
      'only the fixed command was filed',
    );
    assert.equal(await auditLength(id), chainBefore);
    assert.equal(
      stack.fake.responses.filter(
        (r) => r.id === gesture.responseUrl.slice(gesture.responseUrl.lastIndexOf('/') + 1),
      ).length,
      0,
      'the refused command got no later reply',
    );
  });

  void test('a good command is acknowledged at once, confirmed with its ID and decision, and carded in the policy channel', async () => {
    const { id, gesture, reply, card } = await fileProdRequest('load test');
    assert.equal(gesture.response.status, 200);
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
    const reply = await gesture.reply();
    assert.equal(reply.body.response_type, 'ephemeral');
    assert.equal(reply.body.replace_original, false);
    assert.match(JSON.stringify(reply.body), /cannot approve/);
    const afterClick = await stack.workflow.store.get(id);
    assert.equal(afterClick?.version, before?.version);
    assert.deepEqual(afterClick?.approvals, []);
    // The refusal itself is audited (issue 15 item 16); nothing else is.
    const after = await stack.workflow.store.listEvents(id);
    assert.deepEqual(
      after.slice(events).map((r) => [r.event.type, r.event.actor]),
      [['refused', PEOPLE.alice.username]],
    );
  });

  void test('the same delivery twice changes nothing twice: one approval, the same Slack calls as one delivery, one request', async () => {
    const approveOnce = async (id: string, card: PostedMessage, retries: number) => {
      await queueSettled();
      const callsBefore = stack.fake.calls.length;
      const responseUrl = stack.fake.responseUrl();
      const click = blockActionsBody({
        userId: PEOPLE.bob.id,
        actionId: 'countersign:approve',
        value: id,
        container: { type: 'message', channelId: card.channel, messageTs: card.ts },
        responseUrl,
        triggerId: stack.fake.issueTriggerId(),
      });
      assert.equal((await stack.send(click)).status, 200);
      for (let retryNum = 1; retryNum <= retries; retryNum++)
        assert.equal((await stack.send(click, { retryNum })).status, 200);
      await stack.fake.nextMessage((m) => m.threadTs === card.ts && /Approved by bob/.test(m.text), 20_000);
      await stack.fake.waitFor(() =>
        /1 of 2/.test(messageText(stack.fake.messagesIn(card.channel).find((m) => m.ts === card.ts)!)),
      );
      // The positive signal that every delivery before it was handled: a later click's answer.
      const doubleClick = await clickCard(stack, PEOPLE.bob.id, 'countersign:approve', card, id);
      assert.match(JSON.stringify((await doubleClick.reply()).body), /already recorded; nothing changed/);
      await queueSettled();
      const responseId = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
      // Only what the click caused, and only calls Slack accepted: calls about this request
      // that name the approver. A post refused with 429 by the fake's per-channel rate limit
      // (the thread line right after the card, on a loaded machine) and then retried is one
      // message, not two; counting the refusal made the reference run read 3 posts against 2.
      const about = (call: FakeSlackCall): boolean => {
        const text = JSON.stringify(call.params);
        return call.ok && (text.includes(id) || text.includes(card.ts)) && /bob|UBOB000001/.test(text);
      };
      return {
        calls: methodCounts(stack.fake.calls.slice(callsBefore).filter(about)),
        replies: stack.fake.responses.filter((r) => r.id === responseId).length,
      };
    };
    const reference = await fileProdRequest('one delivery');
    const once = await approveOnce(reference.id, reference.card, 0);
    const { id, card } = await fileProdRequest('retry');
    const twice = await approveOnce(id, card, 2);
    assert.deepEqual(twice, once, 'a delivery retried twice makes the Slack calls of one delivery');
    const record = await stack.workflow.store.get(id);
    assert.equal(record?.approvals.length, 1);
    const approvals = (await stack.workflow.store.listEvents(id)).filter((e) => e.event.type === 'approved');
    assert.equal(approvals.length, 1);
    assert.equal(
      stack.fake.messagesIn(card.channel, card.ts).filter((m) => /Approved by bob/.test(m.text)).length,
      1,
    );

    const commandUrl = stack.fake.responseUrl();
    const command = slashCommandBody({
      text: 'restart deployment/api -n prod-payments --reason "twice"',
      userId: PEOPLE.carol.id,
      channelId: CHANNELS.dev.id,
      responseUrl: commandUrl,
      triggerId: stack.fake.issueTriggerId(),
    });
    await stack.send(command);
    await stack.send(command, { retryNum: 1 });
    const responseId = commandUrl.slice(commandUrl.lastIndexOf('/') + 1);
    const filed = await stack.fake.waitFor((f) => f.responses.find((r) => r.id === responseId), 20_000);
    const restartId = /cs-[a-z0-9]{10}/.exec(JSON.stringify(filed.body))?.[0];
    assert.ok(restartId);
    await stack.fake.nextMessage(
      (m) => m.threadTs === undefined && messageText(m).includes(restartId),
      20_000,
    );
    // The positive signal: a later command from carol is answered.
    const later = await typeCommand(
      stack,
      PEOPLE.carol.id,
      'restart deployment/api -n prod-payments --reason "once"',
    );
    const laterId = /cs-[a-z0-9]{10}/.exec(JSON.stringify((await later.reply()).body))?.[0];
    assert.ok(laterId);
    await queueSettled();
    assert.deepEqual(
      (await stack.workflow.store.listOpenByRequester('carol')).map((r) => r.id).sort(),
      [restartId, laterId].sort(),
      'the command delivered twice filed one request',
    );
    assert.equal(
      stack.fake.responses.filter((r) => r.id === responseId).length,
      1,
      'one reply to the command',
    );
    assert.equal(
      stack.fake.messages.filter((m) => m.threadTs === undefined && messageText(m).includes(restartId))
        .length,
      1,
      'one card',
    );
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
