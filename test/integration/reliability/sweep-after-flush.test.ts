import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { createLogger } from '../../../src/adapters/log/logger.ts';
import { runProcess, type RunningProcess } from '../../../src/app/run-process.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';

let cp: ControlPlane;
let redis: RedisServer;
let worker: RunningProcess;

before(async () => {
  cp = await startControlPlane({ seed: true });
  redis = await startRedis();
  const config = loadConfig({
    KUBECONFIG: cp.kubeconfigPath,
    COUNTERSIGN_CLUSTERS: 'sandbox=countersign',
    REDIS_URL: redis.url,
    COUNTERSIGN_POLICY_FILE: 'examples/sandbox-policy.yaml',
    COUNTERSIGN_DEV_USERS: 'alice=developers,bob=sre,carol=sre',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    SWEEP_INTERVAL: '2s',
    LOG_LEVEL: 'warn',
  });
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  worker = await runProcess(config, { serve: false, worker: true }, createLogger(config, quiet));
});

after(async () => {
  await worker.stop();
  await redis.stop();
  await cp.stop();
});

test('after Redis loses all its data (FLUSHALL), a running worker re-asserts the sweep schedule and the sweep deletes a binding past its expires-at from the cluster alone', async () => {
  const client = new Redis(redis.url, { lazyConnect: true });
  await client.connect();
  try {
    assert.equal(await client.flushall(), 'OK');
    assert.equal(await client.dbsize(), 0, 'no request, timer or schedule is left');
  } finally {
    client.disconnect();
  }
  const name = 'countersign-cs-flushed222';
  await cp.kubectl(['apply', '-f', '-'], 'admin', expiredBinding(name, 'cs-flushed222'));
  const deadline = Date.now() + 30_000;
  let left = name;
  while (left !== '') {
    assert.ok(Date.now() < deadline, `the sweep deleted ${name} after the flush`);
    await sleep(200);
    left = (
      await cp.kubectl([
        'get',
        'rolebinding',
        name,
        '-n',
        'prod-payments',
        '--ignore-not-found',
        '-o',
        'name',
      ])
    ).trim();
  }
});

function expiredBinding(name: string, requestId: string): string {
  return `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}
  namespace: prod-payments
  labels: { app.kubernetes.io/managed-by: countersign, countersign.io/request-id: ${requestId} }
  annotations: { countersign.io/expires-at: '2020-01-01T00:00:00Z' }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: mallory }]
`;
}
