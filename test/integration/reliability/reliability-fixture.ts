import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino, type Logger } from 'pino';
import { composeWorkflow, type ComposedWorkflow } from '../../../src/app/compose-workflow.ts';
import { BullmqWorker, type WorkerSettings } from '../../../src/adapters/queue/bullmq-worker.ts';
import type { RetryPolicy } from '../../../src/adapters/queue/queue-settings.ts';
import type { AuditEvent } from '../../../src/core/audit/audit-event.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import type { RequestState } from '../../../src/core/lifecycle/request-state.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import type { Notifier } from '../../../src/core/ports/notifier.ts';
import { parseCommand } from '../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../src/core/requests/request-types.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { submitRequest } from '../../../src/core/workflow/submit-request.ts';
import type { WorkflowDeps } from '../../../src/core/workflow/workflow-deps.ts';
import { createProcessors } from '../../../src/jobs/processors.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import type { TestProcessConfig } from '../../harness/worker-process.ts';

/** The cluster name the reliability tests configure. */
export const CLUSTER = 'test';

const person = (name: string, groups: string[]): Principal => ({
  platform: 'web',
  platformUserId: `id-${name}`,
  username: name,
  email: `${name}@example.com`,
  groups,
});

/** Alice asks; the others are approvers (sre-leads). */
export const people = {
  alice: person('alice', ['developers']),
  bob: person('bob', ['sre']),
  carol: person('carol', ['sre']),
  dave: person('dave', ['sre']),
  erin: person('erin', ['sre']),
  frank: person('frank', ['sre']),
};

/** Actions in `rel-*` need two of sre-leads and run as Countersign; access to view there is granted at once. */
const POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: reliability }
spec:
  defaults: { requestTTL: 1h, executeAs: countersign }
  approverGroups:
    sre-leads: { users: [bob, carol, dave, erin, frank] }
  grantableRoles:
    - { name: view, kind: ClusterRole, scopes: [namespace], maxDuration: 8h }
  rules:
    - name: actions-need-two
      match: { namespaces: [rel-*], verbs: [scale, restart, delete, patch, rollback] }
      outcome: require-approval
      approval: { approverGroups: [sre-leads], minApprovals: 2, executeAs: countersign }
    - name: view-self-service
      match: { namespaces: [rel-*], verbs: [access] }
      outcome: auto-approve
`;

/** Retries fast enough for tests. */
export const TEST_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 200, maxDelayMs: 2000 };

/** Worker timings for tests: a lapsed lock is noticed within about three seconds. */
export const TEST_WORKER = {
  concurrency: 4,
  lockDurationMs: 2000,
  stalledIntervalMs: 1000,
  shutdownGraceMs: 5000,
};

const quietNotifier: Notifier = {
  requestChanged: () => Promise.resolve(),
  grantExpiringSoon: () => Promise.resolve(),
  remindApprovers: () => Promise.resolve(),
};

/** A private Redis and control plane, a namespace with a Deployment `web`, a policy file, and helpers. */
export interface ReliabilityFixture {
  readonly redis: RedisServer;
  readonly cp: ControlPlane;
  readonly namespace: string;
  readonly keyPrefix: string;
  readonly logger: Logger;
  /** Configuration for a child process (worker or approver) on this fixture. */
  processConfig(fields?: Partial<TestProcessConfig>): TestProcessConfig;
  /** The production composition in this process, on queue `queueName` (default `countersign`). */
  compose(queue?: { queueName?: string; retry?: RetryPolicy }): ComposedWorkflow;
  /** A worker in this process running every processor on `composed`'s queue. */
  startWorker(composed: ComposedWorkflow, settings?: Partial<WorkerSettings>): Promise<BullmqWorker>;
  /** Parses and files `text` as `requester`. */
  submit(deps: WorkflowDeps, text: string, requester?: Principal): Promise<RequestRecord>;
  /** Approves as each of `approvers`, one after the other. */
  approve(deps: WorkflowDeps, requestId: string, ...approvers: Principal[]): Promise<void>;
  /** `kubectl get -o json` as admin, parsed. */
  getJson(resource: string, name: string): Promise<Record<string, unknown>>;
  /** Everything started is stopped, in reverse order, by `stop()`. */
  onStop(close: () => Promise<unknown>): void;
  stop(): Promise<void>;
}

/** Starts Redis (AOF when asked) and a control plane, and creates the namespace and Deployment. */
export async function startReliabilityFixture(
  options: { appendOnly?: boolean } = {},
): Promise<ReliabilityFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-reliability-'));
  const [redis, cp] = await Promise.all([
    startRedis({ appendOnly: options.appendOnly ?? false }),
    startControlPlane(),
  ]);
  const namespace = `rel-${randomBytes(3).toString('hex')}`;
  await cp.kubectl(['apply', '-f', '-'], 'admin', deploymentYaml(namespace));
  const policyFile = join(dir, 'policy.yaml');
  writeFileSync(policyFile, POLICY);
  const logFile = join(dir, 'countersign.log');
  const logger = pino({ level: 'info' }, pino.destination({ dest: logFile, sync: true }));
  const keyPrefix = `cs${randomBytes(2).toString('hex')}`;
  const closers: (() => Promise<unknown>)[] = [];
  const config = (queue: { queueName?: string; retry?: RetryPolicy } = {}) => ({
    redis: { url: redis.url, keyPrefix },
    kubernetes: {
      kubeconfig: cp.kubeconfigFor('countersign'),
      clusters: [{ name: CLUSTER, context: 'countersign' }],
      defaultCluster: CLUSTER,
    },
    policyFile,
    tuning: { remindBeforeMs: 60_000 },
    queue,
  });
  return {
    redis,
    cp,
    namespace,
    keyPrefix,
    logger,
    processConfig: (fields = {}) => ({
      redisUrl: redis.url,
      keyPrefix,
      queueName: 'countersign',
      retry: TEST_RETRY,
      kubeconfig: cp.kubeconfigFor('countersign'),
      context: 'countersign',
      cluster: CLUSTER,
      policyFile,
      remindBeforeMs: 60_000,
      logFile,
      ...fields,
    }),
    compose(queue = {}) {
      const { queue: queueSettings, ...workflowConfig } = config(queue);
      const composed = composeWorkflow(workflowConfig, logger, {
        queue: {
          retry: queueSettings.retry ?? TEST_RETRY,
          ...(queueSettings.queueName ? { queueName: queueSettings.queueName } : {}),
        },
        watchPolicy: false,
      });
      closers.push(() => composed.close());
      return composed;
    },
    async startWorker(composed, settings = {}) {
      const processors = createProcessors({ workflow: composed.deps, notifier: quietNotifier });
      const worker = await BullmqWorker.start(
        redis.url,
        processors,
        { ...composed.queueSettings, ...TEST_WORKER, ...settings },
        logger,
      );
      closers.push(() => worker.close());
      return worker;
    },
    submit: (deps, text, requester = people.alice) =>
      submitRequest(deps, { text, request: parseCommand(text) as ChangeRequest, requester }),
    async approve(deps, requestId, ...approvers) {
      for (const approver of approvers)
        await decideRequest(deps, { requestId, person: approver, verdict: 'approve' });
    },
    getJson: async (resource, name) =>
      JSON.parse(await cp.kubectl(['get', resource, name, '-n', namespace, '-o', 'json'])) as Record<
        string,
        unknown
      >,
    onStop: (close) => closers.push(close),
    async stop() {
      for (const close of closers.reverse()) await close().catch(() => undefined);
      await Promise.all([redis.stop(), cp.stop()]);
      if (process.env.KEEP_RELIABILITY_LOGS) process.stderr.write(readFileSync(logFile, 'utf8'));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function deploymentYaml(namespace: string): string {
  return `
apiVersion: v1
kind: Namespace
metadata: { name: ${namespace} }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${namespace}, labels: { app: web } }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: registry.example.com/web:1.0.0 }]
`;
}

/** Polls the store until the request is in one of `states`; fails with the state it was stuck in. */
export async function waitForState(
  deps: WorkflowDeps,
  requestId: string,
  states: readonly RequestState[],
  timeoutMs = 60_000,
): Promise<RequestRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const record = await deps.store.get(requestId);
    if (record && states.includes(record.state)) return record;
    if (Date.now() > deadline) {
      throw new Error(
        `request ${requestId} is ${record?.state ?? 'missing'}, not ${states.join('|')}, after ${timeoutMs} ms`,
      );
    }
    await sleep(100);
  }
}

/** Every audit event of one request, in chain order. */
export async function auditOf(deps: WorkflowDeps, requestId: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  for await (const record of deps.audit.readAll())
    if (record.event.requestId === requestId) events.push(record.event);
  return events;
}

/** How many events of `type` the request has in the audit. */
export async function countEvents(
  deps: WorkflowDeps,
  requestId: string,
  type: AuditEvent['type'],
): Promise<number> {
  return (await auditOf(deps, requestId)).filter((event) => event.type === type).length;
}
