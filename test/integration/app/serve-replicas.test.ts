import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack/fake-slack.ts';
import { slashCommandBody } from '../../fakes/fake-slack/sign-request.ts';
import { startCountersignChild, type CountersignChild } from '../../harness/countersign-child.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { eventually } from '../../scenarios/bot-driver.ts';

/**
 * Two real `countersign serve` processes (one of them `start`, so a worker posts cards), as the base manifests run them: one Redis, one
 * cluster, one Slack app in Socket Mode with a connection from each replica (issue 21).
 */
interface Serve extends CountersignChild {
  readonly name: string;
}

const ALICE = { id: 'UALICE0001', name: 'alice', email: 'alice@example.com' };
const DEV = { id: 'CDEVELOP01', name: 'dev' };
const APPROVALS = { id: 'CAPPROVAL1', name: 'k8s-approvals' };

let cp: ControlPlane;
let redis: RedisServer;

before(async () => {
  [cp, redis] = await Promise.all([startControlPlane({ seed: true }), startRedis()]);
});

after(async () => {
  await redis?.stop();
  await cp?.stop();
});

async function startServe(
  name: string,
  fake: FakeSlack,
  keyPrefix: string,
  command: 'serve' | 'start' = 'serve',
): Promise<Serve> {
  const started = await startCountersignChild(command, {
    KUBECONFIG: cp.kubeconfigPath,
    COUNTERSIGN_CLUSTERS: 'sandbox=admin',
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: keyPrefix,
    COUNTERSIGN_POLICY_FILE: 'examples/sandbox-policy.yaml',
    COUNTERSIGN_IDENTITY_MODE: 'email',
    LOG_LEVEL: 'info',
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_APP_TOKEN: fake.appToken,
    SLACK_API_URL: fake.apiUrl,
  });
  return { name, ...started };
}

const stop = async (serve: Serve) => {
  serve.child.kill('SIGTERM');
  assert.deepEqual(await serve.exited, { code: 0, signal: null }, `${serve.name} stops cleanly`);
};

const readyz = async (serve: Serve) => (await fetch(`${serve.url}/readyz`)).status;

const linkState = async (serve: Serve) =>
  ((await (await fetch(`${serve.url}/healthz`)).json()) as { links: { slack: { state: string } } }).links
    .slack.state;

void describe(
  'two countersign serve replicas on one Redis, Slack in Socket Mode',
  { timeout: 240_000 },
  () => {
    void test('the same slash command delivered to both replicas’ connections is filed once', async () => {
      const fake = await startFakeSlack({ users: [ALICE], channels: [DEV, APPROVALS] });
      const [one, two] = await Promise.all([
        // One replica also runs the worker, which posts the card; both take Slack deliveries.
        startServe('one', fake, 'cs-replicas', 'start'),
        startServe('two', fake, 'cs-replicas'),
      ]);
      try {
        await eventually('both replicas connected and ready', async () =>
          (await Promise.all([readyz(one), readyz(two)])).every((s) => s === 200),
        );
        const [a, b] = fake.socket.openConnections();
        assert.ok(a && b && a.id !== b.id, 'one connection from each replica');

        const responseUrl = fake.responseUrl();
        const request = slashCommandBody({
          text: 'scale deployment/api --replicas 5 -n prod-payments --reason "one click, two replicas"',
          userId: ALICE.id,
          channelId: DEV.id,
          responseUrl,
          triggerId: fake.issueTriggerId(),
        });
        const payload = Object.fromEntries(new URLSearchParams(request.body));
        // The same envelope body on both connections: what a redelivery to another replica looks like.
        const acks = await Promise.all([
          fake.socket.deliver('slash_commands', payload, { to: a.id }),
          fake.socket.deliver('slash_commands', payload, { to: b.id }),
        ]);
        assert.equal(acks.length, 2, 'both replicas acknowledged their envelope');

        await eventually('one replica dropped the repeat', () =>
          Promise.resolve(
            [...one.lines, ...two.lines].some((l) => l.msg === 'repeated Slack delivery dropped'),
          ),
        );
        const card = await fake.nextMessage((m) => m.channel === APPROVALS.id, 60_000);
        assert.match(JSON.stringify(card.blocks), /one click, two replicas/);
        const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
        await fake.waitFor((f) => f.responses.find((r) => r.id === id), 30_000);

        // Both replicas are done with the envelope (both acked, one dropped it); nothing more may come.
        assert.equal(
          [...one.lines, ...two.lines].filter((l) => l.msg === 'repeated Slack delivery dropped').length,
          1,
          'exactly one replica dropped it',
        );
        assert.equal(fake.responses.filter((r) => r.id === id).length, 1, 'one confirmation to alice');
        assert.equal(
          fake
            .messagesIn(APPROVALS.id)
            .filter((m) => JSON.stringify(m.blocks).includes('one click, two replicas')).length,
          1,
          'one approval card',
        );
      } finally {
        await Promise.all([stop(one), stop(two)]);
        await fake.stop();
      }
    });

    void test('a replica told too_many_websockets is not ready until Slack takes its connection', async () => {
      const fake = await startFakeSlack({
        users: [ALICE],
        channels: [DEV, APPROVALS],
        socketMaxConnections: 1,
      });
      const first = await startServe('first', fake, 'cs-too-many');
      try {
        await eventually('the first replica ready', async () => (await readyz(first)) === 200);
        const second = await startServe('second', fake, 'cs-too-many');
        try {
          await eventually('the second replica was told too_many_websockets', () =>
            Promise.resolve(fake.socket.told('too_many_websockets') >= 1),
          );
          assert.equal(await readyz(second), 503, 'no Slack link, not ready');
          assert.notEqual(await linkState(second), 'connected');
          assert.equal(await readyz(first), 200, 'the first replica keeps its link');

          await stop(first);
          await eventually('the second replica connects once a slot is free', async () =>
            (await readyz(second)) === 200 ? true : undefined,
          );
          assert.equal(await linkState(second), 'connected');
        } finally {
          await stop(second);
        }
      } finally {
        if (first.child.exitCode === null) await stop(first);
        await fake.stop();
      }
    });
  },
);
