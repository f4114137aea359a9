import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { startCountersignChild, type CountersignChild } from '../../harness/countersign-child.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { webDriver } from '../../scenarios/web-driver.ts';

/**
 * `countersign serve` and `countersign worker` as two real processes on one Redis and
 * the real kube-apiserver: a request filed and approved through serve's console is
 * executed by the worker (serve runs no job processors), and each process ends on
 * SIGTERM with exit code 0.
 */
describe('countersign serve and countersign worker as separate processes', { timeout: 240_000 }, () => {
  let cp: ControlPlane;
  let redis: RedisServer;
  let serve: CountersignChild;
  let worker: CountersignChild;

  before(async () => {
    [cp, redis] = await Promise.all([startControlPlane({ seed: true }), startRedis()]);
    const env = {
      KUBECONFIG: cp.kubeconfigPath,
      COUNTERSIGN_CLUSTERS: 'sandbox=countersign',
      REDIS_URL: redis.url,
      COUNTERSIGN_POLICY_FILE: 'examples/sandbox-policy.yaml',
      COUNTERSIGN_DEV_USERS: 'alice=developers,bob=sre,carol=sre',
      LOG_LEVEL: 'info',
    };
    worker = await startCountersignChild('worker', env);
    serve = await startCountersignChild('serve', env);
  });

  after(async () => {
    serve?.child.kill('SIGKILL');
    worker?.child.kill('SIGKILL');
    await Promise.all([redis?.stop(), cp?.stop()]);
  });

  const replicas = async (): Promise<number> =>
    Number(
      await cp.kubectl([
        'get',
        'deployment',
        'api',
        '-n',
        'prod-payments',
        '-o',
        'jsonpath={.spec.replicas}',
      ]),
    );

  test('a request approved through serve is executed by the worker; SIGTERM ends each with exit code 0', async () => {
    const driver = webDriver(serve.url, {});
    const wanted = (await replicas()) + 2;
    const { requestId } = await driver.request(
      'alice',
      `scale deployment/api --replicas ${wanted} -n prod-payments --reason "two processes"`,
    );
    assert.match(await driver.approve('bob', requestId), /1 of 2/);
    assert.match(await driver.approve('carol', requestId), /You approved/);
    // Waits for the event (the worker's scale on the cluster); the deadline only catches a hang.
    const deadline = Date.now() + 60_000;
    while ((await replicas()) !== wanted) {
      assert.ok(Date.now() < deadline, `the worker scaled prod-payments/api to ${wanted}`);
      await sleep(200);
    }
    serve.child.kill('SIGTERM');
    assert.deepEqual(await serve.exited, { code: 0, signal: null });
    worker.child.kill('SIGTERM');
    assert.deepEqual(await worker.exited, { code: 0, signal: null });
  });
});
