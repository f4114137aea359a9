import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../../src/adapters/log/logger.ts';
import { runProcess, type RunningProcess } from '../../../src/app/run-process.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';

/** `countersign start` as a process wires it: health, readiness and metrics against real Redis and kube-apiserver. */
describe('runProcess (countersign start)', () => {
  let cp: ControlPlane;
  let redis: RedisServer;
  let app: RunningProcess;
  const lines: string[] = [];

  before(async () => {
    cp = await startControlPlane({ seed: true });
    redis = await startRedis({ appendOnly: true });
    const config = loadConfig({
      KUBECONFIG: cp.kubeconfigPath,
      COUNTERSIGN_CLUSTERS: 'sandbox=countersign',
      REDIS_URL: redis.url,
      COUNTERSIGN_POLICY_FILE: 'examples/sandbox-policy.yaml',
      COUNTERSIGN_DEV_USERS: 'alice=developers,bob=sre,carol=sre',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LOG_LEVEL: 'info',
    });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').trim().split('\n'));
        done();
      },
    });
    app = await runProcess(config, { serve: true, worker: true }, createLogger(config, sink));
  });
  after(async () => {
    await app.stop();
    await redis.stop();
    await cp.stop();
  });

  test('readyz depends on Redis alone; healthz and metrics report the cluster reachable', async () => {
    const ready = await fetch(`${app.url}/readyz`);
    assert.equal(ready.status, 200);
    const body = (await ready.json()) as { checks: { name: string; ok: boolean }[] };
    assert.deepEqual(
      body.checks.map((c) => [c.name, c.ok]),
      [['redis', true]],
    );
    // The first reachability check runs in the background from start; wait for its result.
    let health: { ok: boolean; clusters: { name: string; state: string }[] } | undefined;
    for (let i = 0; i < 100 && health?.clusters[0]?.state !== 'reachable'; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      const response = await fetch(`${app.url}/healthz`);
      assert.equal(response.status, 200);
      health = (await response.json()) as typeof health;
    }
    assert.deepEqual(
      health?.clusters.map((c) => [c.name, c.state]),
      [['sandbox', 'reachable']],
    );
    const text = await (await fetch(`${app.url}/metrics`)).text();
    assert.ok(text.includes('countersign_cluster_reachable{cluster="sandbox"} 1'), text);
  });

  test('metrics expose the operational series, with queue depth read from Redis', async () => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    for (const name of [
      'countersign_active_grants 0',
      'countersign_queue_jobs{state="delayed"}',
      'countersign_break_glass_unreviewed 0',
      '# TYPE countersign_requests_total counter',
      '# TYPE countersign_time_to_decision_seconds histogram',
      '# TYPE countersign_approval_to_effect_seconds histogram',
      '# TYPE countersign_revocation_lag_seconds histogram',
      '# TYPE countersign_job_failures_total counter',
    ]) {
      assert.ok(text.includes(name), `missing ${name}`);
    }
  });

  test('logs are JSON lines and say where the console is', () => {
    const parsed = lines.map((line) => JSON.parse(line) as { msg?: string });
    assert.ok(parsed.some((l) => l.msg === 'countersign is running'));
    assert.ok(
      parsed.some((l) => /console/i.test(l.msg ?? '')),
      'the console banner is logged',
    );
  });

  test('readyz turns 503 and names Redis while Redis is down, and recovers', async () => {
    await redis.kill();
    const down = await fetch(`${app.url}/readyz`);
    assert.equal(down.status, 503);
    const body = (await down.json()) as { checks: { name: string; ok: boolean }[] };
    assert.equal(body.checks.find((c) => c.name === 'redis')?.ok, false);
    await redis.restart();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await fetch(`${app.url}/readyz`)).status;
    }
    assert.equal(status, 200);
  });
});
