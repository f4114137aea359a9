import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { appHomeOpenedBody, blockActionsBody } from '../../fakes/fake-slack/sign-request.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { buttonsOf, clickCard, messageText, submitView, typeCommand } from './slack-gestures.ts';
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

const requestIdIn = (text: string): string => {
  const id = /cs-[a-z0-9]{10}/.exec(text)?.[0];
  assert.ok(id, `no request ID in ${text.slice(0, 300)}`);
  return id;
};

/** How many audit records are about something other than `except` (a request ID). */
const auditLength = async (except?: string): Promise<number> => {
  let n = 0;
  for await (const record of stack.workflow.audit.readAll())
    n += record.seq > 0 && record.event.requestId !== except ? 1 : 0;
  return n;
};

const dmOf = (userId: string): string => `D${userId.replace(/^U/, '')}`;
const text = (value: string) => ({ type: 'plain_text_input', value });
const choice = (value: string) => ({ type: 'static_select', selected_option: { value } });

void describe('Slack interactions: form, deny, grants and App Home', { timeout: 240_000 }, () => {
  void test('/k8s-request alone opens the form, filled from the cluster and the policy, and switches to access', async () => {
    const gesture = await typeCommand(stack, PEOPLE.mallory.id, '');
    assert.equal(gesture.response.status, 200);
    const form = await stack.fake.waitFor((f) =>
      f.views.find((v) => v.view.callback_id === 'countersign:form'),
    );
    const shown = JSON.stringify(form.view);
    for (const expected of ['prod-payments', 'staging-web', '"test"'])
      assert.ok(shown.includes(expected), expected);
    assert.equal(form.view.private_metadata, CHANNELS.dev.id);

    const switchKind = blockActionsBody({
      userId: PEOPLE.mallory.id,
      actionId: 'countersign:form-kind',
      selectedOption: { value: 'access' },
      container: { type: 'view', viewId: form.id, view: { private_metadata: CHANNELS.dev.id } },
    });
    assert.equal((await stack.send(switchKind)).status, 200);
    await stack.fake.waitFor(() => form.history.length === 1);
    assert.ok(JSON.stringify(form.view).includes('role/view'), 'the access form offers the grantable role');
  });

  void test('a submitted form files the request; a bad field is shown under that field and nothing is filed', async () => {
    const values = {
      kind: { 'countersign:form-kind': { type: 'radio_buttons', selected_option: { value: 'action' } } },
      cluster: { cluster: choice('test') },
      verb: { verb: choice('scale') },
      target: { target: text('deployment/web') },
      namespace: { namespace: choice('staging-web') },
      replicas: { replicas: { type: 'number_input', value: null } },
      patch: { patch: { type: 'plain_text_input', value: null } },
      reason: { reason: text('from the form') },
      incident: { incident: { type: 'plain_text_input', value: null } },
    };
    const refused = await submitView(stack, PEOPLE.mallory.id, 'countersign:form', values, CHANNELS.dev.id);
    assert.equal(refused.response.status, 200);
    const answer = refused.response.json as { response_action?: string; errors?: Record<string, string> };
    assert.equal(answer.response_action, 'errors');
    assert.deepEqual(Object.keys(answer.errors ?? {}), ['replicas']);
    assert.match(answer.errors?.replicas ?? '', /--replicas/);
    const chainBefore = await auditLength();

    const accepted = await submitView(
      stack,
      PEOPLE.mallory.id,
      'countersign:form',
      { ...values, replicas: { replicas: { type: 'number_input', value: '2' } } },
      CHANNELS.dev.id,
    );
    assert.equal(accepted.response.status, 200);
    assert.equal(accepted.response.text, '', 'a valid form closes at once');
    const confirmation = await stack.fake.waitFor(
      (f) => f.ephemerals.find((e) => e.user === PEOPLE.mallory.id && e.channel === CHANNELS.dev.id),
      20_000,
    );
    const id = requestIdIn(messageText(confirmation));
    assert.match(messageText(confirmation), /Policy approved it/);
    await stack.fake.nextMessage(
      (m) => m.channel === CHANNELS.staging.id && messageText(m).includes(id),
      20_000,
    );
    // Filed after the refused one: had the refused form filed anything, it would be here too.
    assert.equal(await auditLength(id), chainBefore, 'the refused form filed nothing');
  });

  void test('Deny asks why, then denies: the requester hears it by DM, the card and its thread say so', async () => {
    const filed = await typeCommand(
      stack,
      PEOPLE.alice.id,
      'restart deployment/api -n prod-payments --reason "deny me"',
    );
    const id = requestIdIn(JSON.stringify((await filed.reply()).body));
    const card = await stack.fake.nextMessage(
      (m) => m.channel === CHANNELS.prod.id && !m.threadTs && messageText(m).includes(id),
      20_000,
    );
    await clickCard(stack, PEOPLE.bob.id, 'countersign:deny', card, id);
    const modal = await stack.fake.waitFor((f) =>
      f.views.find((v) => v.view.callback_id === 'countersign:deny' && v.view.private_metadata === id),
    );
    assert.ok(modal);
    const blank = await submitView(
      stack,
      PEOPLE.bob.id,
      'countersign:deny',
      { reason: { reason: text('  ') } },
      id,
    );
    assert.deepEqual(blank.response.json, {
      response_action: 'errors',
      errors: { reason: 'Say why; the requester sees it.' },
    });
    assert.equal((await stack.workflow.store.get(id))?.state, 'pending');

    await submitView(
      stack,
      PEOPLE.bob.id,
      'countersign:deny',
      { reason: { reason: text('release freeze') } },
      id,
    );
    const dm = await stack.fake.nextMessage(
      (m) =>
        m.channel === dmOf(PEOPLE.alice.id) && /Denied by bob \(<@UBOB000001>\): release freeze/.test(m.text),
      20_000,
    );
    assert.ok(dm.text.includes(id));
    assert.equal((await stack.workflow.store.get(id))?.state, 'denied');
    await stack.fake.waitFor(
      () => /Denied/.test(card.text) && Object.keys(buttonsOf(card)).length === 0,
      20_000,
    );
    await stack.fake.waitFor(
      (f) => f.messagesIn(card.channel, card.ts).find((m) => /Denied by bob/.test(m.text)),
      20_000,
    );
  });

  void test('a grant arrives by DM with Extend and Revoke; App Home lists it; both buttons work on the cluster', async () => {
    const filed = await typeCommand(
      stack,
      PEOPLE.alice.id,
      'access role/view -n staging-web --for 1h --reason "debug"',
    );
    const id = requestIdIn(JSON.stringify((await filed.reply()).body));
    const grantCard = await stack.fake.nextMessage(
      (m) =>
        m.channel === dmOf(PEOPLE.alice.id) &&
        messageText(m).includes(id) &&
        'countersign:revoke' in buttonsOf(m),
      30_000,
    );
    assert.deepEqual(buttonsOf(grantCard), { 'countersign:extend': id, 'countersign:revoke': id });
    const binding = `countersign-${id}`;
    const annotations = async () =>
      (
        JSON.parse(await cp.kubectl(['get', 'rolebinding', binding, '-n', 'staging-web', '-o', 'json'])) as {
          metadata: { annotations: Record<string, string> };
        }
      ).metadata.annotations;
    const firstExpiry = Date.parse((await annotations())['countersign.io/expires-at'] ?? '');
    assert.ok(Number.isFinite(firstExpiry));

    assert.equal((await stack.send(appHomeOpenedBody({ userId: PEOPLE.alice.id }))).status, 200);
    const home = await stack.fake.waitFor(
      (f) => f.homeViews.find((v) => v.userId === PEOPLE.alice.id),
      10_000,
    );
    assert.ok(JSON.stringify(home.view).includes(id), 'App Home lists the grant');
    assert.ok(JSON.stringify(home.view).includes('countersign:revoke'));

    await clickCard(stack, PEOPLE.alice.id, 'countersign:extend', grantCard, id);
    await stack.fake.waitFor((f) =>
      f.views.find((v) => v.view.callback_id === 'countersign:extend' && v.view.private_metadata === id),
    );
    await submitView(
      stack,
      PEOPLE.alice.id,
      'countersign:extend',
      { duration: { duration: choice('1h') } },
      id,
    );
    const extended = await waitForRecord(id, (r) => (r.grant?.extensions.length ?? 0) === 1);
    assert.equal(extended.grant?.expiresAt, (extended.grant?.grantedAt ?? 0) + 2 * 3600_000);
    const wholeSeconds = Math.ceil((extended.grant?.expiresAt ?? 0) / 1000) * 1000;
    assert.equal(Date.parse((await annotations())['countersign.io/expires-at'] ?? ''), wholeSeconds);
    assert.ok(wholeSeconds > firstExpiry, 'the binding on the cluster moved too');

    const revoke = await clickCard(stack, PEOPLE.alice.id, 'countersign:revoke', grantCard, id);
    assert.match(JSON.stringify((await revoke.reply()).body), /Revoked/);
    assert.equal((await stack.workflow.store.get(id))?.state, 'revoked');
    const left = await cp.kubectl([
      'get',
      'rolebinding',
      binding,
      '-n',
      'staging-web',
      '--ignore-not-found',
      '-o',
      'name',
    ]);
    assert.equal(left.trim(), '');
    await stack.fake.waitFor(() => !('countersign:revoke' in buttonsOf(grantCard)), 20_000);
  });

  void test('App Home shows an approver the requests waiting for them, not their own', async () => {
    const filed = await typeCommand(
      stack,
      PEOPLE.alice.id,
      'scale deployment/api --replicas 5 -n prod-payments --reason "home"',
    );
    const id = requestIdIn(JSON.stringify((await filed.reply()).body));
    await stack.send(appHomeOpenedBody({ userId: PEOPLE.bob.id }));
    const bobHome = await stack.fake.waitFor((f) =>
      f.homeViews.find((v) => v.userId === PEOPLE.bob.id && JSON.stringify(v.view).includes(id)),
    );
    assert.match(JSON.stringify(bobHome.view), /countersign:approve/);
    await stack.send(appHomeOpenedBody({ userId: PEOPLE.alice.id }));
    await stack.fake.waitFor((f) => {
      const view = f.homeViews.find((v) => v.userId === PEOPLE.alice.id);
      return view && view.history.length >= 1 && JSON.stringify(view.view).includes(id) ? view : undefined;
    });
    const aliceHome = JSON.stringify(stack.fake.homeViews.find((v) => v.userId === PEOPLE.alice.id)?.view);
    const waiting = aliceHome.slice(aliceHome.indexOf('Waiting for your approval'));
    assert.ok(!waiting.includes(id), 'her own request is not waiting for her');
  });
});

async function waitForRecord(
  id: string,
  done: (r: NonNullable<Awaited<ReturnType<SlackStack['workflow']['store']['get']>>>) => boolean,
) {
  for (let i = 0; i < 100; i++) {
    const record = await stack.workflow.store.get(id);
    if (record && done(record)) return record;
    await sleep(100);
  }
  throw new Error(`request ${id} did not reach the expected state`);
}
