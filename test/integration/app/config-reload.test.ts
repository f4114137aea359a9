import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../../../src/adapters/log/logger.ts';
import { createRedis } from '../../../src/adapters/store/create-redis.ts';
import { RedisAuditSink } from '../../../src/adapters/store/redis-audit-sink.ts';
import { runProcess, type RunningProcess } from '../../../src/app/run-process.ts';
import { sha256Of } from '../../../src/app/watched-file.ts';
import { loadConfig } from '../../../src/config/load.ts';
import type { AuditEvent, AuditEventOf } from '../../../src/core/audit/audit-event.ts';
import { configMapDir, type ConfigMapDir } from '../../harness/config-map-dir.ts';
import { freePorts } from '../../harness/free-port.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';

// Issue 15 item 16 and issue 20 ("symlink-swap hot reload"): a running `countersign
// start` picks up a ConfigMap update of the policy and of the identity table, and the
// audit chain records each with the new file's SHA-256, applied or refused.

const policy = (name: string) => `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: ${name} }
spec:
  approverGroups:
    sre: { users: [bob, carol] }
  rules:
    - name: prod
      match: { namespaces: [prod-*] }
      outcome: require-approval
      approval: { approverGroups: [sre] }
`;
type FileEvent = AuditEventOf<'policy-reloaded'>;

const identity = (username: string) => `slack:\n  U0ALICE: { username: ${username}, groups: [developers] }\n`;

describe('hot reload of ConfigMap-mounted files in a running process (real Redis)', () => {
  let redis: RedisServer;
  let volume: ConfigMapDir;
  let app: RunningProcess;
  let audit: RedisAuditSink;
  let connection: ReturnType<typeof createRedis>;
  const files = { 'policy.yaml': policy('first'), 'identity.yaml': identity('alice') };

  before(async () => {
    redis = await startRedis();
    volume = configMapDir(files);
    // No cluster is needed to watch files: the kubeconfig names a port nothing listens on.
    const [unused = 1] = await freePorts(1);
    const kubeconfig = join(volume.dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: `https://127.0.0.1:${String(unused)}` } }],
        users: [{ name: 'u', user: { token: 't' } }],
        contexts: [{ name: 'countersign', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'countersign',
      }),
    );
    const config = loadConfig({
      KUBECONFIG: kubeconfig,
      COUNTERSIGN_CLUSTERS: 'sandbox=countersign',
      REDIS_URL: redis.url,
      COUNTERSIGN_POLICY_FILE: volume.path('policy.yaml'),
      COUNTERSIGN_IDENTITY_TABLE_FILE: volume.path('identity.yaml'),
      COUNTERSIGN_DEV_USERS: 'alice=developers,bob=sre',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LOG_LEVEL: 'error',
    });
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    app = await runProcess(config, { serve: true, worker: false }, createLogger(config, sink));
    connection = createRedis(redis.url);
    audit = new RedisAuditSink(connection, { keyPrefix: config.redis.keyPrefix });
  });

  after(async () => {
    await app.stop();
    connection.disconnect();
    await redis.stop();
    volume.remove();
  });

  /** Waits (generously: the files are polled every 2 s) until `count` events of `type` are in the chain. */
  async function reloads(type: AuditEvent['type'], count: number): Promise<AuditEvent[]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found: AuditEvent[] = [];
      for await (const record of audit.readAll()) if (record.event.type === type) found.push(record.event);
      if (found.length >= count) return found;
      if (Date.now() > deadline)
        throw new Error(`no ${String(count)} ${type} events: ${JSON.stringify(found)}`);
      await sleep(100);
    }
  }

  test('a swapped policy and identity table are applied and audited with their SHA-256', async () => {
    const next = { 'policy.yaml': policy('second'), 'identity.yaml': identity('alice.smith') };
    volume.update(next);
    const [policyEvent] = await reloads('policy-reloaded', 1);
    const [tableEvent] = await reloads('identity-table-reloaded', 1);
    assert.deepEqual(policyEvent?.details, {
      file: volume.path('policy.yaml'),
      sha256: sha256Of(next['policy.yaml']),
      applied: true,
    });
    assert.equal(policyEvent?.actor, 'countersign');
    assert.equal(policyEvent?.requestId, '');
    assert.deepEqual(tableEvent?.details, {
      file: volume.path('identity.yaml'),
      sha256: sha256Of(next['identity.yaml']),
      applied: true,
    });
    assert.equal(tableEvent?.actor, 'countersign');
  });

  test('a bad update is refused and audited with its SHA-256 and the problem', async () => {
    const bad = {
      'policy.yaml': policy('third').replace('outcome: require-approval', 'outcome: maybe'),
      'identity.yaml': `${identity('alice.smith')}  U0BOB: { groups: [sre] }\n`,
    };
    volume.update(bad);
    const policyEvent = (await reloads('policy-reloaded', 2))[1] as FileEvent | undefined;
    const tableEvent = (await reloads('identity-table-reloaded', 2))[1] as FileEvent | undefined;
    assert.equal(policyEvent?.details.applied, false);
    assert.equal(policyEvent?.details.sha256, sha256Of(bad['policy.yaml']));
    assert.match(String(policyEvent?.details.error), /spec\.rules\[0\]\.outcome/);
    assert.equal(tableEvent?.details.applied, false);
    assert.equal(tableEvent?.details.sha256, sha256Of(bad['identity.yaml']));
    assert.match(String(tableEvent?.details.error), /slack\.U0BOB\.username/);
  });
});
