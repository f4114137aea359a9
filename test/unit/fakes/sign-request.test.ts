import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { App, LogLevel, isValidSlackRequest } from '@slack/bolt';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack/fake-slack.ts';
import {
  appHomeOpenedBody,
  blockActionsBody,
  postToBolt,
  signRequest,
  slashCommandBody,
  viewSubmissionBody,
  type SignedRequest,
} from '../../fakes/fake-slack/sign-request.ts';
import { freePorts } from '../../harness/free-port.ts';

const signingSecret = 'test-signing-secret';
const nowMs = 1_700_000_000_000;

const verify = (signed: SignedRequest, at: number): boolean =>
  isValidSlackRequest({
    signingSecret,
    body: signed.body,
    headers: {
      'x-slack-signature': signed.headers['x-slack-signature']!,
      'x-slack-request-timestamp': Number(signed.headers['x-slack-request-timestamp']),
    },
    nowMilliseconds: at,
  });

describe('signRequest', () => {
  const body = slashCommandBody({ text: 'status', userId: 'UALICE', channelId: 'CAPPROVE' });

  test("produces Slack's v0 signature, which Bolt's verifier accepts", () => {
    const signed = signRequest(body, { signingSecret, nowMs });
    assert.equal(signed.headers['x-slack-request-timestamp'], String(nowMs / 1000));
    assert.match(signed.headers['x-slack-signature'] ?? '', /^v0=[0-9a-f]{64}$/);
    assert.equal(verify(signed, nowMs), true);
  });

  test('a stale timestamp or a wrong secret fails verification', () => {
    assert.equal(verify(signRequest(body, { signingSecret, nowMs, stale: true }), nowMs), false);
    assert.equal(verify(signRequest(body, { signingSecret, nowMs, wrongSecret: true }), nowMs), false);
    const tampered = signRequest(body, { signingSecret, nowMs });
    assert.equal(verify({ ...tampered, body: `${tampered.body}x` }, nowMs), false);
  });
});

describe('signed requests into a real Bolt app', () => {
  let fake: FakeSlack;
  let app: App;
  let url: string;
  const seen: string[] = [];

  before(async () => {
    fake = await startFakeSlack();
    const [port] = await freePorts(1);
    app = new App({
      token: fake.botToken,
      signingSecret,
      clientOptions: { slackApiUrl: fake.apiUrl },
      logLevel: LogLevel.ERROR,
    });
    app.command('/k8s-request', async ({ ack, command }) => {
      seen.push(`command:${command.text}`);
      await ack();
    });
    app.action('countersign:approve', async ({ ack, action }) => {
      seen.push(`action:${action.type === 'button' ? action.value : ''}`);
      await ack();
    });
    app.view('countersign:deny', async ({ ack, view }) => {
      seen.push(`view:${view.private_metadata}:${view.state.values.reason?.reason?.value ?? ''}`);
      await ack();
    });
    app.event('app_home_opened', async ({ event }) => {
      seen.push(`home:${event.user}`);
      await Promise.resolve();
    });
    await app.start(port!);
    url = `http://127.0.0.1:${port}/slack/events`;
  });
  after(async () => {
    await app.stop();
    await fake.stop();
  });

  test('a slash command, a click, a submission and app_home_opened reach their listeners', async () => {
    const sign = (request: Parameters<typeof signRequest>[0]): SignedRequest =>
      signRequest(request, { signingSecret });
    const command = await postToBolt(
      url,
      sign(slashCommandBody({ text: 'list', userId: 'UALICE', channelId: 'C1' })),
    );
    assert.equal(command.status, 200);
    const click = blockActionsBody({
      userId: 'UBOB',
      actionId: 'countersign:approve',
      value: 'cs-k7m2q4x5ba',
      container: { type: 'message', channelId: 'C1', messageTs: '1700000000.000001' },
    });
    assert.equal((await postToBolt(url, sign(click))).status, 200);
    const submission = viewSubmissionBody({
      userId: 'UBOB',
      callbackId: 'countersign:deny',
      privateMetadata: 'cs-k7m2q4x5ba',
      values: { reason: { reason: { type: 'plain_text_input', value: 'freeze' } } },
    });
    assert.equal((await postToBolt(url, sign(submission))).status, 200);
    assert.equal((await postToBolt(url, sign(appHomeOpenedBody({ userId: 'UALICE' })))).status, 200);
    await fake.waitFor(() => seen.length >= 4 || undefined, 2000);
    assert.deepEqual(seen, [
      'command:list',
      'action:cs-k7m2q4x5ba',
      'view:cs-k7m2q4x5ba:freeze',
      'home:UALICE',
    ]);
  });

  test('Bolt refuses stale and wrongly signed requests before any listener runs', async () => {
    const before = seen.length;
    const body = slashCommandBody({ text: 'whoami', userId: 'UALICE', channelId: 'C1' });
    assert.equal((await postToBolt(url, signRequest(body, { signingSecret, stale: true }))).status, 401);
    assert.equal(
      (await postToBolt(url, signRequest(body, { signingSecret, wrongSecret: true }))).status,
      401,
    );
    assert.equal(seen.length, before);
  });
});
