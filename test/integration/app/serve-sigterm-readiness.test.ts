import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack/fake-slack.ts';
import { signRequest } from '../../fakes/fake-slack/sign-request.ts';
import { startCountersignChild } from '../../harness/countersign-child.ts';
import { freePorts } from '../../harness/free-port.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { eventually } from '../../scenarios/bot-driver.ts';
import { UNREACHABLE_CLUSTER_KUBECONFIG } from '../../harness/kubeconfig.ts';

/**
 * Readiness turns off before a serving process exits: on SIGTERM `countersign serve`
 * (and `start`) answers `/readyz` 503 at once, so Kubernetes takes it out of the
 * Service, while `/healthz` stays 200 and a request in flight (a Slack delivery whose
 * sender is still sending the body) is answered; then the process exits 0. The probes
 * are on METRICS_PORT, as the chart runs them.
 */

const SIGNING_SECRET = 'sigterm-readiness-signing-secret';

let redis: RedisServer;
let fake: FakeSlack;
let dir: string;

before(async () => {
  [redis, fake] = await Promise.all([startRedis(), startFakeSlack()]);
  dir = mkdtempSync(join(tmpdir(), 'countersign-serve-sigterm-'));
  // A cluster nothing listens on: readiness needs Redis, not the cluster.
  writeFileSync(join(dir, 'kubeconfig'), UNREACHABLE_CLUSTER_KUBECONFIG);
});

after(async () => {
  await fake?.stop();
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A POST to `url` whose headers and first `split` bytes are sent at once, the rest only on `finish()`. */
function slowPost(
  url: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  split: number,
): {
  readonly connected: Promise<void>;
  readonly answered: Promise<{ status: number; body: string }>;
  finish(): void;
} {
  let req: ClientRequest | undefined;
  let connect: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (connect = resolve));
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req = request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res: IncomingMessage) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.on('socket', (socket) => socket.once('connect', connect));
    req.write(body.slice(0, split));
  });
  return { connected, answered, finish: () => req?.end(body.slice(split)) };
}

const status = async (url: string): Promise<number> => (await fetch(url)).status;

for (const command of ['serve', 'start'] as const) {
  void describe(`countersign ${command} on SIGTERM`, { timeout: 180_000 }, () => {
    void test('answers /readyz 503 while a request drains, /healthz stays 200, then exits 0', async () => {
      const [metricsPort] = await freePorts(1);
      const child = await startCountersignChild(command, {
        KUBECONFIG: join(dir, 'kubeconfig'),
        COUNTERSIGN_CLUSTERS: 'sandbox=countersign',
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: `cs-ready-${command}`,
        COUNTERSIGN_POLICY_FILE: 'examples/sandbox-policy.yaml',
        COUNTERSIGN_IDENTITY_MODE: 'email',
        LOG_LEVEL: 'info',
        SLACK_BOT_TOKEN: fake.botToken,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        SHUTDOWN_GRACE: '120s',
        METRICS_PORT: String(metricsPort),
      });
      await eventually('ready', async () => (await status(`${child.opsUrl}/readyz`)) === 200);

      const challenge = 'still-sending-at-sigterm';
      const signed = signRequest(
        {
          body: JSON.stringify({ type: 'url_verification', token: 'unused', challenge }),
          contentType: 'application/json',
        },
        { signingSecret: SIGNING_SECRET },
      );
      const delivery = slowPost(`${child.url}/slack/events`, signed.body, signed.headers, 10);
      await delivery.connected;
      // A later request on another connection is answered only after serve has read the
      // delivery's headers, which arrived first: the delivery is in flight at SIGTERM.
      await fetch(`${child.url}/slack/events`);

      child.child.kill('SIGTERM');
      await eventually('readiness off', async () => (await status(`${child.opsUrl}/readyz`)) === 503);
      const readyz = (await (await fetch(`${child.opsUrl}/readyz`)).json()) as Record<string, unknown>;
      assert.deepEqual(readyz, { ready: false, draining: true });
      assert.equal(await status(`${child.opsUrl}/healthz`), 200, 'alive while draining');
      assert.equal(child.child.exitCode, null, 'still running: the delivery is in flight');

      delivery.finish();
      const answer = await delivery.answered;
      assert.equal(answer.status, 200, `the in-flight delivery is answered: ${answer.body}`);
      assert.match(answer.body, new RegExp(challenge));
      assert.deepEqual(await child.exited, { code: 0, signal: null });
    });
  });
}
