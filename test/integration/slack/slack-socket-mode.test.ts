import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { RedisDeliveryClaims } from '../../../src/adapters/store/redis-delivery-claims.ts';
import { createSlackApp } from '../../../src/adapters/slack/slack-app.ts';
import type { SlackConfig } from '../../../src/config/config.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { startFakeSlack } from '../../fakes/fake-slack/fake-slack.ts';
import { slashCommandBody } from '../../fakes/fake-slack/sign-request.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { workflowFixture } from '../../unit/core/workflow/workflow-harness.ts';
import { eventually } from '../../scenarios/bot-driver.ts';
import { typeCommand } from './slack-gestures.ts';
import { CHANNELS, PEOPLE, startSlackStack, type SlackStack } from './slack-stack.ts';

let redis: RedisServer;
let cluster: RecordingCluster;
/** Every line the stacks logged, parsed. */
const logged: Record<string, unknown>[] = [];
const logger = pino(
  { level: 'debug' },
  { write: (line: string) => logged.push(JSON.parse(line) as Record<string, unknown>) },
);
const stacks: SlackStack[] = [];

before(async () => {
  redis = await startRedis();
  cluster = new RecordingCluster();
  cluster.objects.set('prod-payments/Deployment/api', { labels: {}, annotations: {} });
});

after(async () => {
  for (const stack of stacks.reverse()) await stack.stop();
  await redis?.stop();
});

const start = async (options: { mode: 'http' | 'socket'; like?: SlackStack }): Promise<SlackStack> => {
  const stack = await startSlackStack({
    redis,
    cluster,
    logger,
    mode: options.mode,
    ...(options.like ? { fake: options.like.fake, keyPrefix: options.like.keyPrefix } : {}),
  });
  stacks.push(stack);
  return stack;
};

const filedBy = async (stack: SlackStack, username: string) =>
  (await stack.workflow.store.listOpenByRequester(username)).length;

const command = (text: string, responseUrl: string, triggerId: string) =>
  slashCommandBody({ text, userId: PEOPLE.alice.id, channelId: CHANNELS.dev.id, responseUrl, triggerId });

void describe('Slack Socket Mode against a Socket Mode stand-in', () => {
  let stack: SlackStack;

  before(async () => {
    stack = await start({ mode: 'socket' });
  });

  void test('connects through SLACK_API_URL with the app token, logs the host it opened, and is up', () => {
    const open = stack.fake.calls.filter((c) => c.method === 'apps.connections.open');
    assert.equal(open.length, 1);
    assert.equal(open[0]?.token, stack.fake.appToken);
    assert.equal(stack.surface.link.state, 'connected');
    assert.equal(stack.fake.socket.openConnections().length, 1);
    const host = new URL(stack.fake.url).host;
    assert.ok(logged.some((l) => l.msg === 'Slack Socket Mode: opening a connection' && l.host === host));
    assert.ok(!JSON.stringify(logged).includes(stack.fake.appToken), 'the app token is never logged');
    const leaks = logged.filter((l) => /ticket=(?!\[redacted\])/.test(JSON.stringify(l)));
    assert.deepEqual(leaks, [], 'nor the connection ticket');
  });

  void test('a slash command envelope is acknowledged and filed; pings are answered both ways', async () => {
    const gesture = await typeCommand(
      stack,
      PEOPLE.carol.id,
      'scale deployment/api --replicas 5 -n prod-payments --reason "socket mode"',
    );
    assert.equal(gesture.response.status, 200);
    const reply = JSON.stringify((await gesture.reply()).body);
    assert.match(reply, /cs-[a-z2-7]{10}/);
    assert.equal(await filedBy(stack, 'carol'), 1);
    const [connection] = stack.fake.socket.openConnections();
    await stack.fake.socket.waitFor(() => connection!.pingsFromClient > 0 && connection!.pongsFromClient > 0);
    assert.deepEqual(stack.fake.socket.violations, []);
  });

  void test('on a refresh_requested disconnect it reconnects and takes envelopes on the new connection', async () => {
    const before = stack.fake.socket.connections.length;
    stack.fake.socket.disconnect('refresh_requested');
    await stack.fake.socket.waitFor(
      () => stack.fake.socket.connections.length > before && stack.fake.socket.openConnections().length === 1,
      20_000,
    );
    await eventually('the link to be up again', () =>
      Promise.resolve(stack.surface.link.state === 'connected'),
    );
    assert.equal(stack.surface.link.snapshot().reconnects, 1);
    const gesture = await typeCommand(stack, PEOPLE.carol.id, 'whoami');
    assert.match(JSON.stringify((await gesture.reply()).body), /carol/);
    assert.ok(
      logged.some(
        (l) => l.msg === 'Slack asked to disconnect; reconnecting' && l.reason === 'refresh_requested',
      ),
    );
  });

  void test('an envelope whose connection drops before the ack is delivered again and filed once', async () => {
    const responseUrl = stack.fake.responseUrl();
    const request = command(
      'scale deployment/api --replicas 6 -n prod-payments --reason "cut"',
      responseUrl,
      stack.fake.issueTriggerId(),
    );
    const payload = Object.fromEntries(new URLSearchParams(request.body));
    const ack = await stack.fake.socket.deliver('slash_commands', payload, {
      cutAfterSend: true,
      timeoutMs: 30_000,
    });
    const sent = stack.fake.socket.sent.filter((s) => s.envelope.envelope_id === ack.envelopeId);
    assert.ok(sent.length >= 2, 'the envelope went out again after the connection dropped');
    assert.notEqual(ack.connection, sent[0]?.connection, 'acknowledged on the new connection');
    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    await stack.fake.waitFor((f) => f.responses.find((r) => r.id === id), 20_000);
    assert.equal(
      (await stack.workflow.store.listOpenByRequester('alice')).filter((r) => r.request.reason === 'cut')
        .length,
      1,
    );
  });
});

void describe('Slack deliveries across two replicas on one Redis', () => {
  void test('Socket Mode: the same command on both replicas’ connections is filed once', async () => {
    const first = await start({ mode: 'socket' });
    const second = await start({ mode: 'socket', like: first });
    const [a, b] = first.fake.socket.openConnections();
    assert.ok(a && b, 'two connections');
    const responseUrl = first.fake.responseUrl();
    const request = command(
      'scale deployment/api --replicas 7 -n prod-payments --reason "twice over sockets"',
      responseUrl,
      first.fake.issueTriggerId(),
    );
    const payload = Object.fromEntries(new URLSearchParams(request.body));
    const from = logged.length;
    await Promise.all([
      first.fake.socket.deliver('slash_commands', payload, { to: a.id }),
      first.fake.socket.deliver('slash_commands', payload, { to: b.id }),
    ]);
    await eventually('one replica to drop the repeat', () =>
      Promise.resolve(logged.slice(from).some((l) => l.msg === 'repeated Slack delivery dropped')),
    );
    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    await first.fake.waitFor((f) => f.responses.find((r) => r.id === id), 20_000);
    assert.equal(first.fake.responses.filter((r) => r.id === id).length, 1, 'one confirmation');
    const filed = await second.workflow.store.listOpenByRequester('alice');
    assert.equal(filed.filter((r) => r.request.reason === 'twice over sockets').length, 1);
  });

  void test('HTTP mode: Slack’s retry (X-Slack-Retry-Num) landing on the other replica is filed once', async () => {
    const first = await start({ mode: 'http' });
    const second = await start({ mode: 'http', like: first });
    const responseUrl = first.fake.responseUrl();
    const request = command(
      'scale deployment/api --replicas 8 -n prod-payments --reason "twice over http"',
      responseUrl,
      first.fake.issueTriggerId(),
    );
    const from = logged.length;
    assert.equal((await first.send(request)).status, 200);
    assert.equal((await second.send(request, { retryNum: 1 })).status, 200);
    await eventually('the other replica to drop the retry', () =>
      Promise.resolve(
        logged.slice(from).some((l) => l.msg === 'repeated Slack delivery dropped' && l.retryNum === 1),
      ),
    );
    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    await first.fake.waitFor((f) => f.responses.find((r) => r.id === id), 20_000);
    const filed = await first.workflow.store.listOpenByRequester('alice');
    assert.equal(filed.filter((r) => r.request.reason === 'twice over http').length, 1);
  });
});

void describe('Socket Mode start-up failures', () => {
  const socketConfig = (apiUrl: string, appToken: string): SlackConfig => ({
    botToken: 'xoxb-fake-token',
    apiUrl,
    mode: 'socket',
    appToken,
  });
  const deps = () => ({
    workflow: workflowFixture().deps,
    identity: {
      mode: 'table' as const,
      emailUsernamePrefix: '',
      table: { slack: {}, teams: {}, web: {}, emailGroups: {} },
    },
    logger,
    claims: new RedisDeliveryClaims(stacks[0]!.composed.redis, 'cs-start'),
  });

  void test('an app token Slack refuses is named, with the API host, and nothing keeps retrying', async () => {
    const { fake } = stacks[0]!;
    const surface = createSlackApp(socketConfig(fake.apiUrl, 'xapp-wrong-token'), deps());
    await assert.rejects(surface.start(), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'slack_app_token_refused');
      assert.match(error.message, /SLACK_APP_TOKEN.*invalid_auth/);
      assert.ok(error.message.includes(new URL(fake.url).host));
      assert.doesNotMatch(error.message, /xapp-wrong-token/);
      return true;
    });
    assert.equal(surface.link.state, 'refused');
  });

  void test('stopped while start-up still asks auth.test: no Socket Mode connection is ever opened', async () => {
    const fake = await startFakeSlack();
    try {
      fake.socket.disconnect('link_disabled');
      const surface = createSlackApp(socketConfig(fake.apiUrl, fake.appToken), deps());
      // SIGTERM early in start-up: the stop lands while start() waits for auth.test.
      const starting = surface.start();
      const stopping = surface.stop();
      await assert.rejects(starting, (error: Error & { code?: string }) => {
        assert.equal(error.code, 'slack_connect_failed');
        assert.match(error.message, /Stopped before the Socket Mode connection was up/);
        return true;
      });
      await stopping;
      // Connecting never began: it would have set the link to 'connecting' and started
      // the client, which retries a disabled link for ever.
      assert.equal(surface.link.state, 'disconnected');
      await surface.stop();
      assert.ok(
        fake.calls.some((c) => c.method === 'auth.test'),
        'start-up got as far as auth.test',
      );
      assert.deepEqual(
        fake.calls.filter((c) => c.method === 'apps.connections.open').map((c) => c.error),
        [],
        'no connection was asked for after the stop',
      );
    } finally {
      await fake.stop();
    }
  });

  void test('when Slack hands out no connection, start-up fails at its deadline and stops retrying', async () => {
    const fake = await startFakeSlack();
    try {
      fake.socket.disconnect('link_disabled');
      const surface = createSlackApp(socketConfig(fake.apiUrl, fake.appToken), {
        ...deps(),
        connectTimeoutMs: 1500,
      });
      await assert.rejects(surface.start(), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'slack_connect_failed');
        assert.ok(error.message.includes(new URL(fake.url).host), error.message);
        return true;
      });
      assert.equal(surface.link.state, 'disconnected');
      assert.ok(
        fake.calls.some((c) => c.method === 'apps.connections.open' && c.error === 'socket_mode_disabled'),
      );
      await surface.stop();
    } finally {
      await fake.stop();
    }
  });
});
