import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { composeWorkflow, type ComposedWorkflow } from '../../src/app/compose-workflow.ts';
import { startControlPlane, type ControlPlane } from '../../test/harness/control-plane.ts';
import { freePorts } from '../../test/harness/free-port.ts';
import { startRedis, type RedisServer } from '../../test/harness/redis-server.ts';
import { BENCH_CHANNEL, BENCH_PEOPLE, BENCH_POLICY, identityTable } from './bench-workspace.ts';
import { startCountersign, type CountersignProcess, type CountersignRole } from './countersign-process.ts';
import { startFakeSlackThread, type FakeSlackThread } from './fake-slack-thread.ts';

/** The cluster name Countersign knows the control plane by. */
export const BENCH_CLUSTER = 'test';

/** Everything the benchmarks run against: a private Redis, a control plane, a fake Slack, config files. */
export interface BenchStack {
  readonly redis: RedisServer;
  readonly cp: ControlPlane;
  readonly slack: FakeSlackThread;
  readonly signingSecret: string;
  /** Where config files and process logs go. */
  readonly dir: string;
  /** An admin KubeConfig for direct client-node calls (the floors) and watches. */
  readonly admin: KubeConfig;
  /** Starts `countersign <role>` on its own port with the bench config and this Redis key prefix. */
  startCountersign(
    role: CountersignRole,
    keyPrefix: string,
    extra?: Readonly<Record<string, string>>,
  ): Promise<CountersignProcess>;
  /** The workflow as a Countersign process composes it, in this process, on the same Redis prefix. */
  compose(keyPrefix: string): ComposedWorkflow;
  /** Creates a namespace and `names` Deployments in it, each with `replicas`. */
  createDeployments(namespace: string, names: readonly string[], replicas: number): Promise<void>;
  /** Stops everything; keeps the folder of config files and process logs when `keepLogs`. */
  stop(keepLogs?: boolean): Promise<void>;
}

/** A fresh Redis key prefix, so each benchmark's processes share nothing with the last one's. */
export function freshPrefix(name: string): string {
  return `bench-${name}-${randomBytes(3).toString('hex')}`;
}

/**
 * Starts the benchmark infrastructure: a private redis-server, a control plane
 * (etcd + kube-apiserver with RBAC and Countersign's manifests, no controller manager
 * so no pods are scheduled), the fake Slack in a worker thread with the bench
 * workspace, and the policy and identity files.
 */
export async function startBenchStack(): Promise<BenchStack> {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-bench-'));
  const policyFile = join(dir, 'policy.yaml');
  const identityFile = join(dir, 'identity.json');
  writeFileSync(policyFile, BENCH_POLICY);
  writeFileSync(identityFile, identityTable());
  const [redis, cp, slack] = await Promise.all([
    startRedis(),
    startControlPlane({}),
    startFakeSlackThread({
      users: Object.values(BENCH_PEOPLE).map((p) => ({ id: p.id, name: p.username, realName: p.username })),
      channels: [BENCH_CHANNEL],
      // Every bench card goes to one channel: Slack's one-a-second pacing there would be
      // what the figures measure. Other limits stay on, and refusals are counted.
      perChannelRateLimit: false,
    }),
  ]);
  const admin = new KubeConfig();
  admin.loadFromFile(cp.kubeconfigPath);
  const signingSecret = randomBytes(16).toString('hex');
  const logger = pino({ level: 'silent' });
  let processes = 0;
  return {
    redis,
    cp,
    slack,
    signingSecret,
    dir,
    admin,
    async startCountersign(role, keyPrefix, extra = {}) {
      const [port = 0] = await freePorts(1);
      const env: Record<string, string> = {
        LOG_LEVEL: 'info',
        COUNTERSIGN_POLICY_FILE: policyFile,
        COUNTERSIGN_IDENTITY_MODE: 'table',
        COUNTERSIGN_IDENTITY_TABLE_FILE: identityFile,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(port),
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: keyPrefix,
        KUBECONFIG: cp.kubeconfigFor('countersign'),
        COUNTERSIGN_CLUSTERS: `${BENCH_CLUSTER}=countersign`,
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: slack.apiUrl,
        ...extra,
      };
      processes += 1;
      return startCountersign(role, env, join(dir, `countersign-${role}-${processes}.log`));
    },
    compose: (keyPrefix) =>
      composeWorkflow(
        {
          redis: { url: redis.url, keyPrefix },
          kubernetes: {
            kubeconfig: cp.kubeconfigFor('countersign'),
            clusters: [{ name: BENCH_CLUSTER, context: 'countersign' }],
            defaultCluster: BENCH_CLUSTER,
          },
          policyFile,
          tuning: { remindBeforeMs: 15 * 60_000 },
        },
        logger,
        { watchPolicy: false },
      ),
    async createDeployments(namespace, names, replicas) {
      const items = names.map((name) => ({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace, labels: { app: name } },
        spec: {
          replicas,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
            spec: { containers: [{ name: 'app', image: 'registry.example.com/bench:1' }] },
          },
        },
      }));
      await cp.kubectl(['create', 'namespace', namespace]);
      if (items.length > 0) {
        await cp.kubectl(
          ['apply', '-f', '-'],
          'admin',
          JSON.stringify({ apiVersion: 'v1', kind: 'List', items }),
        );
      }
    },
    async stop(keepLogs = false) {
      await Promise.allSettled([slack.stop(), cp.stop(), redis.stop()]);
      if (keepLogs) console.log(`process logs kept in ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}
