import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { ApprovalGate, type ChangeWatch } from '../../../src/adapters/kube-proxy/approval-gate.ts';
import { BullmqWorker } from '../../../src/adapters/queue/bullmq-worker.ts';
import { RedisChangeFeed } from '../../../src/adapters/store/redis-change-feed.ts';
import { ChangeAnnouncer } from '../../../src/core/notify/change-announcer.ts';
import { composeWorkflow, type ComposedWorkflow } from '../../../src/app/compose-workflow.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { createProcessors } from '../../../src/jobs/processors.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { PROXY_CLUSTER, startProxyFixture, type ProxyFixture } from './proxy-fixture.ts';

const NS = 'prod-payments';
const KEY_PREFIX = 'replicas';
/** Far longer than the suite may run: a held request here wakes only through Redis pub/sub (no re-read, no hold limit). */
const NO_POLL_MS = 600_000;

const POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: proxy-replicas-test }
spec:
  approverGroups:
    sre: { users: [bob, carol] }
  rules:
    - name: kubectl-deletes-in-prod
      match: { origins: [kubectl], namespaces: ['prod-*'], verbs: [delete] }
      outcome: require-approval
      approval: { approverGroups: [sre], minApprovals: 1 }
`;

const bob: Principal = { platform: 'web', platformUserId: 'web-bob', username: 'bob', groups: ['sre'] };

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** One proxy replica: its own gate, its own change-feed subscription, one Redis for all. */
interface Replica {
  readonly gate: ApprovalGate;
  readonly fixture: ProxyFixture;
  readonly feed: RedisChangeFeed;
  stop(): Promise<void>;
}

describe(
  'countersign proxy replicas on one Redis (real kubectl, real API server, real Redis, real worker)',
  { timeout: 180_000 },
  () => {
    let cp: ControlPlane;
    let redis: RedisServer;
    let composed: ComposedWorkflow;
    let worker: BullmqWorker;
    let workerFeed: RedisChangeFeed;
    const replicas: Replica[] = [];

    const startReplica = async (holdLimitMs = NO_POLL_MS): Promise<Replica> => {
      const feed = new RedisChangeFeed(composed.redis, { keyPrefix: KEY_PREFIX });
      const watch: ChangeWatch = (listener) =>
        feed.subscribe((change) => listener('requestId' in change ? change.requestId : undefined));
      const gate = new ApprovalGate({ deps: composed.deps, watch, pollMs: NO_POLL_MS, holdLimitMs });
      const fixture = await startProxyFixture(cp, gate);
      const replica: Replica = {
        gate,
        fixture,
        feed,
        async stop() {
          await gate.drain();
          await fixture.stop();
          await gate.close();
          await feed.close();
        },
      };
      replicas.push(replica);
      return replica;
    };

    before(async () => {
      [cp, redis] = await Promise.all([startControlPlane({ seed: true }), startRedis()]);
      await cp.kubectl([
        'create',
        'role',
        'pod-admin',
        '-n',
        NS,
        '--verb=get,list,delete',
        '--resource=pods',
      ]);
      await cp.kubectl(['create', 'rolebinding', 'alice-pods', '-n', NS, '--role=pod-admin', '--user=alice']);
      for (const pod of ['pubsub-probe', 'restart-probe']) {
        await cp.kubectl(['run', pod, '-n', NS, '--image=nginx:1.27', '--restart=Never']);
      }
      const dir = mkdtempSync(join(tmpdir(), 'countersign-proxy-replicas-'));
      writeFileSync(join(dir, 'policy.yaml'), POLICY);
      const logger = pino({ level: 'silent' });
      composed = composeWorkflow(
        {
          redis: { url: redis.url, keyPrefix: KEY_PREFIX },
          kubernetes: {
            kubeconfig: cp.kubeconfigFor('countersign'),
            clusters: [{ name: PROXY_CLUSTER, context: 'countersign' }],
            defaultCluster: PROXY_CLUSTER,
          },
          policyFile: join(dir, 'policy.yaml'),
          tuning: { remindBeforeMs: 60_000 },
        },
        logger,
        { watchPolicy: false },
      );
      // The worker's notify job announces each change on the feed, as in production.
      workerFeed = new RedisChangeFeed(composed.redis, { keyPrefix: KEY_PREFIX });
      worker = await BullmqWorker.start(
        { url: redis.url, keyPrefix: KEY_PREFIX },
        createProcessors({ workflow: composed.deps, notifier: new ChangeAnnouncer(workerFeed) }),
        { ...composed.queueSettings, concurrency: 2, shutdownGraceMs: 2_000 },
        logger,
      );
    });
    after(async () => {
      for (const replica of replicas) await replica.stop();
      await worker?.close();
      await workerFeed?.close();
      await composed?.close();
      await Promise.all([cp?.stop(), redis?.stop()]);
    });

    const kubectl = (through: ProxyFixture, args: readonly string[]): Promise<Exit> => {
      const child = spawn(cp.binaries.kubectl, ['--kubeconfig', through.kubeconfig('alice'), ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
    };

    const pendingFor = async (pod: string): Promise<RequestRecord> => {
      for (;;) {
        const open = await composed.deps.store.listOpenByRequester('alice');
        const found = open.find(
          (r) =>
            r.state === 'pending' && r.request.type === 'api' && r.request.call.path.endsWith(`/pods/${pod}`),
        );
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    const podExists = async (pod: string): Promise<boolean> =>
      (await cp.kubectl(['get', 'pod', pod, '-n', NS, '--ignore-not-found', '-o', 'name'])).trim() ===
      `pod/${pod}`;

    test('an approval made elsewhere reaches the replica holding the socket through Redis pub/sub', async () => {
      await startReplica();
      const holder = await startReplica();
      const run = kubectl(holder.fixture, ['delete', 'pod', 'pubsub-probe', '-n', NS, '--wait=false']);
      const pending = await pendingFor('pubsub-probe');
      // Decided through the core, as any surface would; the worker's notify job publishes the change.
      await decideRequest(composed.deps, { requestId: pending.id, person: bob, verdict: 'approve' });
      const { code, stdout, stderr } = await run;
      assert.equal(code, 0, stderr);
      assert.match(stdout, /pod "pubsub-probe" deleted/);
      assert.match(stderr, new RegExp(`Warning: approved by bob \\(${pending.id}\\)`));
      assert.equal(await podExists('pubsub-probe'), false);
    });

    test('a replica restarting while it holds a request: kubectl is told to re-run; two re-runs at once through two replicas execute it once', async () => {
      const holder = await startReplica();
      const first = kubectl(holder.fixture, ['delete', 'pod', 'restart-probe', '-n', NS, '--wait=false']);
      const pending = await pendingFor('restart-probe');
      await holder.stop();
      const told = await first;
      assert.notEqual(told.code, 0);
      assert.match(
        told.stderr,
        new RegExp(`still waiting for approval of request ${pending.id} — re-run the same command`),
      );
      assert.equal((await composed.deps.store.get(pending.id))?.state, 'pending');
      assert.equal(await podExists('restart-probe'), true);

      await decideRequest(composed.deps, { requestId: pending.id, person: bob, verdict: 'approve' });
      while ((await composed.deps.store.get(pending.id))?.state !== 'approved') {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Short holds: a re-run that loses the race files a fresh request and is told to re-run.
      const [a, b] = [await startReplica(1_000), await startReplica(1_000)];
      const runs = await Promise.all(
        [a, b].map((r) => kubectl(r.fixture, ['delete', 'pod', 'restart-probe', '-n', NS, '--wait=false'])),
      );
      const succeeded = runs.filter((r) => r.code === 0);
      assert.equal(succeeded.length, 1, runs.map((r) => r.stderr).join('\n'));
      assert.match(succeeded[0]!.stderr, new RegExp(`Warning: approved by bob \\(${pending.id}\\)`));
      const loser = runs.find((r) => r.code !== 0);
      assert.match(loser?.stderr ?? '', /Error from server \(Forbidden\): countersign: /);
      assert.equal(await podExists('restart-probe'), false);
      const events = await composed.deps.store.listEvents(pending.id);
      assert.equal(events.filter((e) => e.event.type === 'executed').length, 1);
      assert.equal((await composed.deps.store.get(pending.id))?.state, 'succeeded');
    });
  },
);
