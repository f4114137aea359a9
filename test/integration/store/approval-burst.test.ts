import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { composeWorkflow, type ComposedWorkflow } from '../../../src/app/compose-workflow.ts';
import type { AuditRecord } from '../../../src/core/audit/audit-record.ts';
import { verifyChain } from '../../../src/core/audit/verify-chain.ts';
import { UserFacingError } from '../../../src/core/errors.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import { parseCommand } from '../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../src/core/requests/request-types.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { submitRequest } from '../../../src/core/workflow/submit-request.ts';
import type { WorkflowDeps } from '../../../src/core/workflow/workflow-deps.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { NodeProcess, type TestProcessConfig } from '../../harness/worker-process.ts';
import { connect, freshPrefix } from './fixtures.ts';

const person = (name: string, groups: string[]): Principal => ({
  platform: 'web',
  platformUserId: `id-${name}`,
  username: name,
  email: `${name}@example.com`,
  groups,
});
const alice = person('alice', ['developers']);
const bob = person('bob', ['sre']);
const carol = person('carol', ['sre']);

/** Restarts in `burst-*` need two of bob and carol. */
const POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: burst }
spec:
  defaults: { requestTTL: 1h, executeAs: countersign }
  approverGroups:
    sre-leads: { users: [bob, carol] }
  rules:
    - name: two-of-sre-leads
      match: { namespaces: [burst-*] }
      outcome: require-approval
      approval: { approverGroups: [sre-leads], minApprovals: 2 }
`;
/** Never contacted: decisions do not reach the cluster, and no worker runs here. */
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: test, cluster: { server: 'https://127.0.0.1:1' } }]
users: [{ name: countersign, user: { token: unused } }]
contexts: [{ name: countersign, context: { cluster: test, user: countersign } }]
current-context: countersign
`;

let redis: RedisServer;
let admin: Redis;
let dir: string;
const cluster = new RecordingCluster();
cluster.objects.set('burst-a/Deployment/api', { labels: {}, annotations: {} });

before(async () => {
  redis = await startRedis();
  admin = connect(redis.url);
  dir = mkdtempSync(join(tmpdir(), 'countersign-burst-'));
  writeFileSync(join(dir, 'policy.yaml'), POLICY);
  writeFileSync(join(dir, 'kubeconfig'), KUBECONFIG);
});

after(async () => {
  await admin?.quit();
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function compose(keyPrefix: string): ComposedWorkflow {
  return composeWorkflow(
    {
      redis: { url: redis.url, keyPrefix },
      kubernetes: { clusters: [{ name: 'test', context: 'countersign' }], defaultCluster: 'test' },
      policyFile: join(dir, 'policy.yaml'),
      tuning: { remindBeforeMs: 15 * 60_000 },
    },
    pino({ level: 'silent' }),
    { cluster, watchPolicy: false, queue: { queueName: `${keyPrefix}-q` } },
  );
}

async function fileMany(deps: WorkflowDeps, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const text = `restart deployment/api -n burst-a --reason "burst ${i}"`;
    const record = await submitRequest(deps, {
      text,
      request: parseCommand(text) as ChangeRequest,
      requester: alice,
    });
    ids.push(record.id);
  }
  return ids;
}

async function chainOf(deps: WorkflowDeps): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for await (const record of deps.audit.readAll()) records.push(record);
  return records;
}

type Click = { changed: boolean } | { refused: string };
const asClick = (settled: PromiseSettledResult<{ changed: boolean }>): Click =>
  settled.status === 'fulfilled'
    ? { changed: settled.value.changed }
    : {
        refused:
          settled.reason instanceof UserFacingError
            ? settled.reason.code
            : `unexpected: ${String(settled.reason)}`,
      };

/** Every request approved by exactly `names` (in any order), each approval audited once; the chain verifies. */
async function assertEachApprovedOnce(
  deps: WorkflowDeps,
  ids: readonly string[],
  names: readonly string[],
): Promise<void> {
  const chain = await chainOf(deps);
  assert.deepEqual(verifyChain(chain), { ok: true, count: chain.length, headHash: chain.at(-1)?.hash });
  for (const id of ids) {
    const record = await deps.store.get(id);
    assert.deepEqual(
      record?.approvals.map((a) => a.approver.username).sort(),
      [...names].sort(),
      `${id}: the approvals stored`,
    );
    const approved = chain.filter((r) => r.event.requestId === id && r.event.type === 'approved');
    assert.deepEqual(
      approved.map((r) => r.event.actor).sort(),
      [...names].sort(),
      `${id}: the approvals audited`,
    );
  }
}

void describe('a burst of approvals on one audit chain', { timeout: 240_000 }, () => {
  void test('one process: 200 approvals at once all count, each audited once, and the chain verifies', async () => {
    const composed = compose(freshPrefix());
    try {
      const ids = await fileMany(composed.deps, 200);
      const clicks = (
        await Promise.allSettled(
          ids.map((requestId) =>
            decideRequest(composed.deps, { requestId, person: bob, verdict: 'approve' }),
          ),
        )
      ).map(asClick);
      assert.deepEqual(
        clicks,
        ids.map(() => ({ changed: true })),
      );
      await assertEachApprovedOnce(composed.deps, ids, ['bob']);
    } finally {
      await composed.close();
    }
  });

  void test('two processes: 40 approvals from each at once all count, each audited once, and the chain verifies', async () => {
    const keyPrefix = freshPrefix();
    const composed = compose(keyPrefix);
    const config: TestProcessConfig = {
      redisUrl: redis.url,
      keyPrefix,
      queueName: `${keyPrefix}-q`,
      retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 2000 },
      kubeconfig: join(dir, 'kubeconfig'),
      context: 'countersign',
      cluster: 'test',
      policyFile: join(dir, 'policy.yaml'),
      remindBeforeMs: 15 * 60_000,
      logFile: join(dir, 'approve-main.log'),
    };
    let other: NodeProcess | undefined;
    try {
      const ids = await fileMany(composed.deps, 40);
      other = NodeProcess.start('approve-main.ts', { ...config, burst: { requestIds: ids, person: carol } });
      await other.waitFor('ready');
      other.send('go');
      const local = Promise.allSettled(
        ids.map((requestId) => decideRequest(composed.deps, { requestId, person: bob, verdict: 'approve' })),
      );
      const remote = (await other.waitFor('results')).results as Click[];
      const clicks = [...(await local).map(asClick), ...remote];
      assert.deepEqual(
        clicks,
        [...ids, ...ids].map(() => ({ changed: true })),
      );
      assert.equal((await other.exited).code, 0);
      await assertEachApprovedOnce(composed.deps, ids, ['bob', 'carol']);
    } finally {
      await other?.kill('SIGKILL');
      await composed.close();
    }
  });

  void test('when Redis refuses the write, the clicker is told their approval was not recorded, and it did not count', async () => {
    const composed = compose(freshPrefix());
    try {
      const [id] = await fileMany(composed.deps, 1);
      const before = (await chainOf(composed.deps)).length;
      await admin.config('SET', 'min-replicas-to-write', '1');
      try {
        await assert.rejects(
          decideRequest(composed.deps, { requestId: id!, person: bob, verdict: 'approve' }),
          (error: unknown) =>
            error instanceof UserFacingError &&
            error.code === 'not_recorded' &&
            error.message ===
              `Your approval of ${id} was not recorded: the audit log could not be written, so nothing changed. Try again in a minute.`,
        );
      } finally {
        await admin.config('SET', 'min-replicas-to-write', '0');
      }
      const record = await composed.deps.store.get(id!);
      assert.equal(record?.state, 'pending');
      assert.deepEqual(record?.approvals, []);
      assert.equal((await chainOf(composed.deps)).length, before, 'nothing was audited');
      const again = await decideRequest(composed.deps, { requestId: id!, person: bob, verdict: 'approve' });
      assert.equal(again.changed, true, 'the same click counts once Redis takes writes again');
    } finally {
      await composed.close();
    }
  });
});
