import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { composeWorkflow, type ComposedWorkflow } from '../../../src/app/compose-workflow.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';

const POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: compose }
spec:
  rules:
    - { name: all, match: { namespaces: ['*'] }, outcome: auto-approve }
`;

let server: RedisServer;
let dir: string;
let composed: ComposedWorkflow;

before(async () => {
  server = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'countersign-compose-'));
  writeFileSync(join(dir, 'policy.yaml'), POLICY);
  composed = composeWorkflow(
    {
      redis: { url: server.url, keyPrefix: 'cs-compose' },
      kubernetes: { clusters: [{ name: 'test', context: 'test' }], defaultCluster: 'test' },
      policyFile: join(dir, 'policy.yaml'),
      tuning: { remindBeforeMs: 60_000 },
    },
    pino({ level: 'silent' }),
    { cluster: new RecordingCluster(), watchPolicy: false },
  );
});

after(async () => {
  await composed.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("the store's commands issued in one tick leave in one pipeline, and each gets its own reply", async () => {
  const { redis } = composed;
  await redis.ping();
  const replies = Promise.all([
    redis.set('cs-compose:a', '1'),
    redis.incr('cs-compose:n'),
    redis.get('cs-compose:a'),
  ]);
  assert.ok(redis.autoPipelineQueueSize >= 3, 'the three commands wait in an automatic pipeline');
  assert.deepEqual(await replies, ['OK', 1, '1']);
  assert.equal(await composed.deps.store.get('no-such-request'), undefined);
});
