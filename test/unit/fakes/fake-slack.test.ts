import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { types } from '@slack/bolt';
import {
  LogLevel,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebClient,
  WebClientEvent,
} from '@slack/web-api';
import { SLACK_LIMITS } from '../../../src/adapters/slack/render/slack-limits.ts';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack/fake-slack.ts';
import { SLACK_DOCUMENTED_LIMITS } from '../../fakes/fake-slack/slack-documented-limits.ts';

const quiet = {
  debug: (): void => undefined,
  info: (): void => undefined,
  warn: (): void => undefined,
  error: (): void => undefined,
  setLevel: (): void => undefined,
  getLevel: (): LogLevel => LogLevel.ERROR,
  setName: (): void => undefined,
};

const section = (text: string): types.KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
});
const buttonBlock = (value: string, actionId = 'countersign:approve'): types.ActionsBlock => ({
  type: 'actions',
  elements: [{ type: 'button', action_id: actionId, text: { type: 'plain_text', text: 'Approve' }, value }],
});

/** The Slack error name of a refused call. */
async function slackError(call: Promise<unknown>): Promise<{ error: string; messages: string[] }> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof WebAPIPlatformError, `expected a platform error, got ${String(error)}`);
    const messages = error.data.response_metadata?.messages ?? [];
    return { error: error.data.error, messages };
  }
  assert.fail('the call was accepted');
}

test("the renderers' limits stay within Slack's documented ones, which the fake enforces", () => {
  for (const [name, limit] of Object.entries(SLACK_LIMITS)) {
    const documented = (SLACK_DOCUMENTED_LIMITS as Record<string, number>)[name];
    assert.ok(documented !== undefined || name === 'fallbackText', `${name} is not a documented limit`);
    if (documented !== undefined) assert.ok(limit <= documented, `${name}: ${limit} > Slack's ${documented}`);
  }
});

describe('fake Slack through the real WebClient', () => {
  let fake: FakeSlack;
  let client: WebClient;
  let now = 1_700_000_000_000;

  before(async () => {
    fake = await startFakeSlack({
      now: () => now,
      users: [
        { id: 'UALICE', name: 'alice', realName: 'Alice A', email: 'alice@example.com' },
        { id: 'UBOB', name: 'bob', email: 'bob@example.com' },
      ],
      channels: [
        { id: 'CAPPROVE', name: 'prod-approvals' },
        { id: 'COTHER', name: 'random', botIsMember: false },
        { id: 'CSMALL', name: 'small', members: ['UALICE', 'UBOT00001'] },
        { id: 'GSECRET', name: 'secret', isPrivate: true, botIsMember: false },
      ],
      userGroups: [{ id: 'SLEADS', handle: 'sre-leads', users: ['UBOB'] }],
    });
    client = new WebClient(fake.botToken, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      logger: quiet,
    });
  });
  after(() => fake.stop());

  test('a valid post is recorded with its ts, threads and updates; nextMessage hands it over once', async () => {
    const posted = await client.chat.postMessage({
      channel: '#prod-approvals',
      text: 'card',
      blocks: [section('hi')],
    });
    assert.equal(posted.channel, 'CAPPROVE', 'a #name resolves to the channel ID');
    const card = await fake.nextMessage((m) => m.channel === 'CAPPROVE');
    assert.equal(card.ts, posted.ts);
    assert.deepEqual(card.blocks, [section('hi')]);
    await client.chat.postMessage({ channel: 'CAPPROVE', text: 'approved by bob', thread_ts: card.ts });
    const reply = await fake.nextMessage();
    assert.equal(reply.threadTs, card.ts);
    assert.deepEqual(
      fake.messagesIn('CAPPROVE', card.ts).map((m) => m.text),
      ['approved by bob'],
    );
    await client.chat.update({ channel: 'CAPPROVE', ts: card.ts, text: 'card v2', blocks: [section('v2')] });
    assert.equal(card.text, 'card v2');
    assert.deepEqual(
      card.history.map((h) => h.text),
      ['card'],
    );
    const last = fake.calls.at(-1);
    assert.equal(last?.method, 'chat.update');
    assert.equal(last?.ok, true);
  });

  test('bad content is refused with Slack error names and json-pointer messages', async () => {
    const tooMany = Array.from({ length: 51 }, (_, i) => section(`b${i}`));
    assert.equal(
      (await slackError(client.chat.postMessage({ channel: 'CAPPROVE', text: 'x', blocks: tooMany }))).error,
      'invalid_blocks',
    );
    const long = await slackError(
      client.chat.postMessage({ channel: 'CAPPROVE', text: 'x', blocks: [section('a'.repeat(3001))] }),
    );
    assert.equal(long.error, 'invalid_blocks');
    assert.match(
      long.messages.join('\n'),
      /must be less than 3001 characters \[json-pointer:\/blocks\/0\/text\/text\]/,
    );
    assert.equal(
      (
        await slackError(
          client.chat.postMessage({
            channel: 'CAPPROVE',
            text: 'x',
            blocks: [buttonBlock('v'.repeat(2001))],
          }),
        )
      ).error,
      'invalid_blocks',
    );
    const longId = await slackError(
      client.chat.postMessage({
        channel: 'CAPPROVE',
        text: 'x',
        blocks: [buttonBlock('id', 'a'.repeat(256))],
      }),
    );
    assert.match(longId.messages.join(), /action_id/);
    const header: types.HeaderBlock = { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } };
    assert.equal(
      (await slackError(client.chat.postMessage({ channel: 'CAPPROVE', text: 'x', blocks: [header] }))).error,
      'invalid_blocks',
    );
    const twice: types.ActionsBlock = {
      type: 'actions',
      elements: [buttonBlock('a').elements, buttonBlock('b').elements].flat(),
    };
    const duplicate = await slackError(
      client.chat.postMessage({ channel: 'CAPPROVE', text: 'x', blocks: [twice] }),
    );
    assert.match(duplicate.messages.join(), /duplicate action_id countersign:approve/);
    assert.equal(
      (await slackError(client.chat.postMessage({ channel: 'CAPPROVE', text: 'x'.repeat(40_001) }))).error,
      'msg_too_long',
    );
    assert.equal(
      (await slackError(client.chat.postMessage({ channel: 'CAPPROVE', text: '' }))).error,
      'no_text',
    );
    const refused = fake.calls.filter((c) => !c.ok).map((c) => c.error);
    assert.ok(
      refused.includes('invalid_blocks') && refused.includes('msg_too_long'),
      'refusals are recorded too',
    );
  });

  test('tokens, channels, membership, messages and threads are checked', async () => {
    const wrong = new WebClient('xoxb-wrong', {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      logger: quiet,
    });
    assert.equal((await slackError(wrong.auth.test())).error, 'invalid_auth');
    const none = new WebClient(undefined, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      logger: quiet,
    });
    assert.equal((await slackError(none.auth.test())).error, 'not_authed');
    assert.equal(
      (await slackError(client.chat.postMessage({ channel: 'CNOPE', text: 'x' }))).error,
      'channel_not_found',
    );
    assert.equal(
      (await slackError(client.chat.postMessage({ channel: 'GSECRET', text: 'x' }))).error,
      'channel_not_found',
    );
    assert.equal(
      (await slackError(client.chat.postMessage({ channel: 'COTHER', text: 'x' }))).error,
      'not_in_channel',
    );
    assert.equal(
      (await slackError(client.chat.update({ channel: 'CAPPROVE', ts: '1.000001', text: 'x' }))).error,
      'message_not_found',
    );
    assert.equal(
      (await slackError(client.chat.postMessage({ channel: 'CAPPROVE', text: 'x', thread_ts: '9.999999' })))
        .error,
      'thread_not_found',
    );
    const ephemeral = client.chat.postEphemeral({ channel: 'CSMALL', user: 'UBOB', text: 'x' });
    assert.equal((await slackError(ephemeral)).error, 'user_not_in_channel');
    await client.chat.postEphemeral({ channel: 'CSMALL', user: 'UALICE', text: 'only you' });
    assert.deepEqual(
      fake.ephemerals.map((e) => [e.channel, e.user, e.text]),
      [['CSMALL', 'UALICE', 'only you']],
    );
    const auth = await client.auth.test();
    assert.equal(auth.user_id, fake.botUserId);
  });

  test('a rate-limited method answers 429 with Retry-After, which WebClient reports', async () => {
    fake.setRateLimit('chat.postEphemeral', { limit: 1, windowMs: 60_000, retryAfterSeconds: 7 });
    const strict = new WebClient(fake.botToken, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logger: quiet,
    });
    const seen: number[] = [];
    strict.on(WebClientEvent.RATE_LIMITED, (seconds: number) => seen.push(seconds));
    await strict.chat.postEphemeral({ channel: 'CSMALL', user: 'UALICE', text: 'first' });
    await assert.rejects(
      strict.chat.postEphemeral({ channel: 'CSMALL', user: 'UALICE', text: 'second' }),
      (error) => {
        assert.ok(error instanceof WebAPIRateLimitedError);
        assert.equal(error.retryAfter, 7);
        return true;
      },
    );
    assert.deepEqual(seen, [7]);
    const limited = fake.calls.at(-1);
    assert.equal(limited?.status, 429);
    assert.equal(limited?.error, 'ratelimited');
    now += 60_000;
    await strict.chat.postEphemeral({ channel: 'CSMALL', user: 'UALICE', text: 'after the window' });
    fake.setRateLimit('chat.postEphemeral', undefined);
  });

  test('chat.postMessage is paced per channel as Slack documents: a short burst, then one a second', async () => {
    const strict = new WebClient(fake.botToken, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logger: quiet,
    });
    now += 60_000;
    for (let i = 0; i < 5; i++) await strict.chat.postMessage({ channel: 'CSMALL', text: `burst ${i}` });
    await assert.rejects(strict.chat.postMessage({ channel: 'CSMALL', text: 'one too many' }), (error) => {
      assert.ok(error instanceof WebAPIRateLimitedError);
      assert.equal(error.retryAfter, 1);
      return true;
    });
    await strict.chat.postMessage({ channel: 'CAPPROVE', text: 'another channel has its own pace' });
    now += 1000;
    await strict.chat.postMessage({ channel: 'CSMALL', text: 'a second later' });
    await assert.rejects(strict.chat.postMessage({ channel: 'CSMALL', text: 'too soon again' }));
    now += 60_000;
  });

  test('a response_url takes Block Kit Slack accepts, five times, for 30 minutes', async () => {
    const post = (url: string, body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const errorOf = async (response: Response) => ((await response.json()) as { error?: string }).error;
    const url = fake.responseUrl();
    const bad = await post(url, { blocks: [section('x'.repeat(3001))] });
    assert.equal(bad.status, 400);
    assert.equal(await errorOf(bad), 'invalid_blocks');
    assert.equal((await post(url, {})).status, 400, 'no text, no blocks');
    for (let i = 0; i < 5; i++)
      assert.equal((await post(url, { text: `reply ${i}` })).status, 200, `use ${i + 1}`);
    const sixth = await post(url, { text: 'sixth' });
    assert.equal(sixth.status, 404);
    assert.equal(await errorOf(sixth), 'used_url');
    const id = url.slice(url.lastIndexOf('/') + 1);
    assert.equal(fake.responses.filter((r) => r.id === id).length, 5, 'refused replies are not recorded');
    const late = fake.responseUrl();
    now += 30 * 60_000 + 1;
    const expired = await post(late, { text: 'too late' });
    assert.equal(expired.status, 404);
    assert.equal(await errorOf(expired), 'expired_url');
  });

  test('views: trigger IDs expire after 3 s and are single-use; modal and home limits hold', async () => {
    const modal: types.ModalView = {
      type: 'modal',
      title: { type: 'plain_text', text: 'Deny request' },
      blocks: [section('why?')],
    };
    const trigger = fake.issueTriggerId();
    const opened = await client.views.open({ trigger_id: trigger, view: modal });
    assert.ok(opened.view?.id);
    assert.equal(
      (await slackError(client.views.open({ trigger_id: trigger, view: modal }))).error,
      'expired_trigger_id',
    );
    assert.equal(
      (await slackError(client.views.open({ trigger_id: 'never-issued', view: modal }))).error,
      'expired_trigger_id',
    );
    const stale = fake.issueTriggerId();
    now += 3001;
    assert.equal(
      (await slackError(client.views.open({ trigger_id: stale, view: modal }))).error,
      'expired_trigger_id',
    );
    const bad = async (view: Record<string, unknown>): Promise<string> => {
      const refused = await slackError(
        client.views.open({ trigger_id: fake.issueTriggerId(), view: view as never }),
      );
      assert.equal(refused.error, 'invalid_arguments');
      return refused.messages.join('\n');
    };
    assert.match(
      await bad({ ...modal, title: { type: 'plain_text', text: 't'.repeat(25) } }),
      /\/view\/title\/text/,
    );
    assert.match(await bad({ ...modal, private_metadata: 'm'.repeat(3001) }), /private_metadata/);
    assert.match(
      await bad({ ...modal, blocks: Array.from({ length: 101 }, () => section('x')) }),
      /no more than 100/,
    );
    const updated = await client.views.update({
      view_id: opened.view.id,
      view: { ...modal, blocks: [section('v2')] },
    });
    assert.equal(fake.views.find((v) => v.id === opened.view?.id)?.history.length, 1);
    assert.equal(
      (
        await slackError(
          client.views.update({ view_id: opened.view.id, hash: opened.view.hash!, view: modal }),
        )
      ).error,
      'hash_conflict',
    );
    assert.ok(updated.view?.hash);
    await client.views.publish({ user_id: 'UALICE', view: { type: 'home', blocks: [section('home')] } });
    await client.views.publish({ user_id: 'UALICE', view: { type: 'home', blocks: [section('home v2')] } });
    assert.deepEqual(
      fake.homeViews.map((v) => [v.userId, v.history.length]),
      [['UALICE', 1]],
    );
  });

  test('directory: channels by name with pagination, users with email, user groups, DMs', async () => {
    const first = await client.conversations.list({ limit: 2 });
    assert.equal(first.channels?.length, 2);
    const cursor = first.response_metadata?.next_cursor;
    assert.ok(cursor);
    const rest = await client.conversations.list({ limit: 2, cursor });
    const names = [...(first.channels ?? []), ...(rest.channels ?? [])].map((c) => c.name);
    assert.deepEqual(
      names,
      ['prod-approvals', 'random', 'small'],
      'a private channel the bot is not in stays hidden',
    );
    assert.equal((await client.conversations.info({ channel: 'CAPPROVE' })).channel?.name, 'prod-approvals');
    const alice = await client.users.info({ user: 'UALICE' });
    assert.equal(alice.user?.profile?.email, 'alice@example.com');
    assert.equal(alice.user?.real_name, 'Alice A');
    assert.equal((await slackError(client.users.info({ user: 'UNOBODY' }))).error, 'user_not_found');
    const groups = await client.usergroups.list({ include_users: true });
    assert.deepEqual(
      groups.usergroups?.map((g) => [g.handle, g.users]),
      [['sre-leads', ['UBOB']]],
    );
    assert.deepEqual((await client.usergroups.users.list({ usergroup: 'SLEADS' })).users, ['UBOB']);
    assert.equal(
      (await slackError(client.usergroups.users.list({ usergroup: 'SNONE' }))).error,
      'no_such_subteam',
    );
    const dm = await client.conversations.open({ users: 'UBOB' });
    const id = dm.channel?.id;
    assert.ok(id?.startsWith('D'));
    await client.chat.postMessage({ channel: id!, text: 'your request was approved' });
    assert.equal((await fake.nextMessage((m) => m.channel === id)).text, 'your request was approved');
  });

  test('JSON bodies with a bearer token are read too; waitFor times out with the last calls', async () => {
    const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        authorization: `Bearer ${fake.botToken}`,
      },
      body: JSON.stringify({ channel: 'CAPPROVE', text: 'json', blocks: [section('json')] }),
    });
    assert.equal(((await response.json()) as { ok: boolean }).ok, true);
    assert.equal((await fake.nextMessage((m) => m.text === 'json')).channel, 'CAPPROVE');
    await assert.rejects(
      fake.waitFor(() => fake.messages.find((m) => m.text === 'never'), 50),
      /not met within 50 ms; last calls: .*chat\.postMessage → ok/,
    );
  });
});
