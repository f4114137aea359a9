import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack/fake-slack.ts';
import { startCountersignChild, type CountersignChild } from '../../harness/countersign-child.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { eventually } from '../../scenarios/bot-driver.ts';
import { UNREACHABLE_CLUSTER_KUBECONFIG } from '../../harness/kubeconfig.ts';

let redis: RedisServer;
let fake: FakeSlack;
let dir: string;

before(async () => {
  redis = await startRedis();
  fake = await startFakeSlack();
  dir = mkdtempSync(join(tmpdir(), 'countersign-serve-link-'));
  // A cluster nothing listens on: readiness needs Redis and the Slack link, not the cluster.
  writeFileSync(join(dir, 'kubeconfig'), UNREACHABLE_CLUSTER_KUBECONFIG);
});

after(async () => {
  await fake?.stop();
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A real `countersign serve` child with Slack in Socket Mode. */
function startServe(): Promise<CountersignChild> {
  return startCountersignChild('serve', {
    KUBECONFIG: join(dir, 'kubeconfig'),
    COUNTERSIGN_CLUSTERS: 'sandbox=countersign',
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: 'cs-link',
    COUNTERSIGN_POLICY_FILE: 'examples/sandbox-policy.yaml',
    COUNTERSIGN_IDENTITY_MODE: 'email',
    LOG_LEVEL: 'info',
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_APP_TOKEN: fake.appToken,
    SLACK_API_URL: fake.apiUrl,
  });
}

const json = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

void describe('countersign serve with Slack in Socket Mode', { timeout: 120_000 }, () => {
  void test('is ready only while its Slack link is up; /healthz shows the link; reconnects are counted', async () => {
    fake.socket.disconnect('link_disabled');
    const serve = await startServe();
    try {
      const starting = await json(`${serve.url}/readyz`);
      assert.equal(starting.status, 503, 'not ready before Slack said hello');
      assert.deepEqual(
        (starting.body.checks as { name: string; ok: boolean }[]).find((c) => c.name === 'slack:link')?.ok,
        false,
      );
      const health = await json(`${serve.url}/healthz`);
      assert.equal((health.body.links as { slack: { state: string } }).slack.state, 'connecting');

      fake.socket.enableLink();
      await eventually(
        'ready once connected',
        async () => (await fetch(`${serve.url}/readyz`)).status === 200,
      );
      await eventually('the running line', () =>
        Promise.resolve(serve.lines.some((l) => l.msg === 'countersign is running')),
      );
      assert.equal(
        ((await json(`${serve.url}/healthz`)).body.links as { slack: { state: string } }).slack.state,
        'connected',
      );

      fake.socket.disconnect('refresh_requested');
      await eventually('a reconnect counted', async () =>
        /countersign_surface_reconnects_total\{surface="slack"\} 1/.test(
          await (await fetch(`${serve.url}/metrics`)).text(),
        ),
      );
      await eventually('ready again', async () => (await fetch(`${serve.url}/readyz`)).status === 200);
      const after = (await json(`${serve.url}/healthz`)).body.links as { slack: { reconnects: number } };
      assert.equal(after.slack.reconnects, 1);
    } finally {
      serve.child.kill('SIGTERM');
      assert.deepEqual(await serve.exited, { code: 0, signal: null });
    }
  });

  void test('SIGTERM during start-up (Slack not connected yet) shuts down gracefully', async () => {
    fake.socket.disconnect('link_disabled');
    const serve = await startServe();
    assert.ok(!serve.lines.some((l) => l.msg === 'countersign is running'), 'still starting');
    serve.child.kill('SIGTERM');
    assert.deepEqual(await serve.exited, { code: 0, signal: null });
    await eventually('the shutdown lines', () =>
      Promise.resolve(
        serve.lines.some((l) => l.msg === 'shutting down') &&
          serve.lines.some((l) => l.msg === 'stopped during start-up'),
      ),
    );
    fake.socket.enableLink();
  });
});
