import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { composeWorkflow, type ComposedWorkflow } from '../../../src/app/compose-workflow.ts';
import { loadConfig } from '../../../src/config/load.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import { parseCommand } from '../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../src/core/requests/request-types.ts';
import { submitRequest } from '../../../src/core/workflow/submit-request.ts';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack/fake-slack.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { startCountersignChild, type CountersignChild } from '../../harness/countersign-child.ts';
import { freePorts } from '../../harness/free-port.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { eventually } from '../../scenarios/bot-driver.ts';
import { UNREACHABLE_CLUSTER_KUBECONFIG } from '../../harness/kubeconfig.ts';

/**
 * A job in flight when `countersign worker` gets SIGTERM. The job is a notify whose
 * card post the fake Slack holds (a real external call stalling). Within SHUTDOWN_GRACE
 * the worker waits for it, reports not ready but alive meanwhile, and exits 0 once the
 * post is answered; past the grace it hands the job back and exits without finishing
 * it, and a second worker posts the card: one card, never none, never two.
 */

const APPROVALS = { id: 'CAPPROVALS', name: 'k8s-approvals' };
const ALICE: Principal = {
  platform: 'web',
  platformUserId: 'alice',
  username: 'alice',
  groups: ['developers'],
};
const SCALE = 'scale deployment/api --replicas 4 -n prod-payments --reason "in flight at SIGTERM"';

let redis: RedisServer;
let fake: FakeSlack;
let dir: string;
const filers: ComposedWorkflow[] = [];

before(async () => {
  [redis, fake] = await Promise.all([startRedis(), startFakeSlack({ channels: [APPROVALS] })]);
  dir = mkdtempSync(join(tmpdir(), 'countersign-worker-sigterm-'));
  // A cluster nothing listens on, named as RecordingCluster names its own (the filer's): a notify job does not reach it.
  writeFileSync(join(dir, 'kubeconfig'), UNREACHABLE_CLUSTER_KUBECONFIG);
});

after(async () => {
  await Promise.all(filers.map((f) => f.close()));
  await fake?.stop();
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The settings of one story's processes: its own key prefix, so stories share nothing. */
function settings(prefix: string, graceSeconds: number): Record<string, string> {
  return {
    KUBECONFIG: join(dir, 'kubeconfig'),
    COUNTERSIGN_CLUSTERS: 'test=countersign',
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: prefix,
    COUNTERSIGN_POLICY_FILE: 'examples/sandbox-policy.yaml',
    COUNTERSIGN_IDENTITY_MODE: 'email',
    LOG_LEVEL: 'info',
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_APP_TOKEN: fake.appToken,
    SLACK_API_URL: fake.apiUrl,
    SHUTDOWN_GRACE: `${graceSeconds}s`,
  };
}

/** `countersign worker` with its probes on their own port, as the chart runs it. */
async function startWorker(env: Record<string, string>): Promise<CountersignChild> {
  const [metricsPort] = await freePorts(1);
  return startCountersignChild('worker', { ...env, METRICS_PORT: String(metricsPort) });
}

/** Files alice's prod scale the way serve does (store, audit, queue on the same Redis); its notify job is queued. */
async function file(env: Record<string, string>): Promise<string> {
  const cluster = new RecordingCluster();
  cluster.objects.set('prod-payments/Deployment/api', { labels: {}, annotations: {} });
  const filer = composeWorkflow(loadConfig({ ...process.env, ...env }), pino({ level: 'silent' }), {
    cluster,
    watchPolicy: false,
  });
  filers.push(filer);
  const filed = await submitRequest(filer.deps, {
    text: SCALE,
    request: parseCommand(SCALE) as ChangeRequest,
    requester: ALICE,
  });
  return filed.id;
}

const cardsOf = (requestId: string) =>
  fake.messagesIn(APPROVALS.id).filter((m) => !m.threadTs && JSON.stringify(m).includes(requestId));

/** chat.postMessage calls the fake answered for the request's card (a held call the caller abandoned is not one). */
const postsOf = (requestId: string): number =>
  fake.calls.filter(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.ok &&
      c.params.thread_ts === undefined &&
      JSON.stringify(c.params).includes(requestId),
  ).length;

const status = async (url: string): Promise<number> => (await fetch(url)).status;

void describe('a job in flight when countersign worker gets SIGTERM', { timeout: 300_000 }, () => {
  void test('within SHUTDOWN_GRACE the worker finishes it: not ready but alive meanwhile, then exit 0', async () => {
    const env = settings('cs-drain', 60);
    const worker = await startWorker(env);
    const held = fake.holdNext('chat.postMessage');
    const requestId = await file(env);
    await held.arrived;

    worker.child.kill('SIGTERM');
    await eventually(
      'readiness off while the job drains',
      async () => (await status(`${worker.opsUrl}/readyz`)) === 503,
    );
    assert.equal(await status(`${worker.opsUrl}/healthz`), 200, 'alive while draining');
    assert.equal(worker.child.exitCode, null, 'still running: the post has not been answered');
    assert.deepEqual(cardsOf(requestId), [], 'nothing posted yet');

    held.release();
    assert.equal(await held.settled, 'answered');
    assert.deepEqual(await worker.exited, { code: 0, signal: null });
    assert.equal(cardsOf(requestId).length, 1, 'the card, posted once');
    assert.equal(postsOf(requestId), 1, 'one card post answered');
    assert.ok(
      !worker.lines.some((l) => l.msg === 'jobs still running after the grace period; handing them back'),
      'nothing handed back',
    );
  });

  void test('past SHUTDOWN_GRACE it hands the job back and exits; a second worker posts the card once', async () => {
    const env = settings('cs-handback', 1);
    const first = await startWorker(env);
    const held = fake.holdNext('chat.postMessage');
    const requestId = await file(env);
    await held.arrived;

    first.child.kill('SIGTERM');
    // The post is never released: the process must end on its own once the grace is over.
    assert.deepEqual(await first.exited, { code: 0, signal: null });
    assert.ok(
      first.lines.some((l) => l.msg === 'jobs still running after the grace period; handing them back'),
    );
    assert.equal(await held.settled, 'abandoned', 'the held post died with the first worker');
    assert.deepEqual(cardsOf(requestId), [], 'the first worker posted nothing');

    const second = await startWorker(env);
    try {
      // The first worker's claim on the card lapses (CLAIM_STALE_MS) before the second may post;
      // the deadline only catches a hang.
      await eventually(
        'the card, from the second worker',
        () => Promise.resolve(cardsOf(requestId).length > 0),
        240_000,
      );
      assert.equal(cardsOf(requestId).length, 1, 'one card: run once, not twice');
      assert.equal(postsOf(requestId), 1, 'one card post answered in all');
    } finally {
      second.child.kill('SIGTERM');
      assert.deepEqual(await second.exited, { code: 0, signal: null });
    }
  });
});
