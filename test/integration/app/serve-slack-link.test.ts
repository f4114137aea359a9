import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack/fake-slack.ts';
import { COUNTERSIGN_FROM_SOURCE } from '../../harness/countersign-cli.ts';
import { registerExitCleanup } from '../../harness/exit-cleanup.ts';
import { freePorts } from '../../harness/free-port.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { waitForHttp200 } from '../../harness/wait-for-http.ts';
import { eventually } from '../../scenarios/bot-driver.ts';

/** A real `countersign serve` child with Slack in Socket Mode, and its JSON log lines. */
interface Serve {
  readonly url: string;
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let redis: RedisServer;
let fake: FakeSlack;
let dir: string;

before(async () => {
  redis = await startRedis();
  fake = await startFakeSlack();
  dir = mkdtempSync(join(tmpdir(), 'countersign-serve-link-'));
  // A cluster nothing listens on: readiness needs Redis and the Slack link, not the cluster.
  writeFileSync(
    join(dir, 'kubeconfig'),
    `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: 'https://127.0.0.1:9' } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: countersign, context: { cluster: c, user: u } }]
current-context: countersign
`,
  );
});

after(async () => {
  await fake?.stop();
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function startServe(): Promise<Serve> {
  const [port] = await freePorts(1);
  const child = spawn(process.execPath, [...COUNTERSIGN_FROM_SOURCE, 'serve'], {
    env: {
      ...process.env,
      KUBECONFIG: join(dir, 'kubeconfig'),
      COUNTERSIGN_CLUSTERS: 'sandbox=countersign',
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: 'cs-link',
      COUNTERSIGN_POLICY_FILE: 'examples/sandbox-policy.yaml',
      COUNTERSIGN_IDENTITY_MODE: 'email',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_APP_TOKEN: fake.appToken,
      SLACK_API_URL: fake.apiUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const unregister = registerExitCleanup(() => child.kill('SIGKILL'));
  const lines: Record<string, unknown>[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      lines.push({ msg: line });
    }
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      unregister();
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  let gone: string | undefined;
  void exited.then((how) => (gone = `exited (${how.code ?? how.signal}): ${stderr}`));
  await waitForHttp200(`${url}/healthz`, { timeoutMs: 60_000, gaveUp: () => gone });
  return { url, child, lines, exited };
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
