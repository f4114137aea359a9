import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startHttpServer, type RunningHttpServer } from '../../../src/adapters/http/http-server.ts';
import { BullmqWorker } from '../../../src/adapters/queue/bullmq-worker.ts';
import { createConsole, type ConsoleSurface } from '../../../src/adapters/web/create-console.ts';
import { composeWorkflow, type ComposedWorkflow } from '../../../src/app/compose-workflow.ts';
import type { ConsoleConfig, OidcConfig, OnCallConfig } from '../../../src/config/config.ts';
import { parseIdentityTable, type LinkedPerson } from '../../../src/core/identity/identity-table.ts';
import type { IdentityRules } from '../../../src/core/identity/resolve-principal.ts';
import type { Clock } from '../../../src/core/ports/clock.ts';
import type { StepUpPort } from '../../../src/core/ports/step-up.ts';
import { createProcessors } from '../../../src/jobs/processors.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { freePorts } from '../../harness/free-port.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';

/** The policy of the console stories: prod scale needs two SREs, prod view access one. */
export const CONSOLE_POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: console-story }
spec:
  defaults: { requestTTL: 1h, executeAs: countersign }
  approverGroups:
    sre-leads: { users: [bob, carol] }
  grantableRoles:
    - { name: view, kind: ClusterRole, scopes: [namespace], maxDuration: 8h }
  rules:
    - name: prod-scale
      match: { namespaces: [prod-*], verbs: [scale] }
      outcome: require-approval
      approval: { approverGroups: [sre-leads], minApprovals: 2 }
    - name: prod-view
      match: { namespaces: [prod-*], verbs: [access], roles: [view] }
      outcome: require-approval
      approval: { approverGroups: [sre-leads], minApprovals: 1, holderMayExtend: true }
`;

/** The sandbox users, as `COUNTERSIGN_DEV_USERS=alice=developers,bob=sre,...` gives them. */
export const DEV_USERS = [
  { username: 'alice', groups: ['developers'] },
  { username: 'bob', groups: ['sre'] },
  { username: 'carol', groups: ['sre'] },
  { username: 'dave', groups: ['security'] },
];

/** Everything a console story runs on: Redis, a control plane, the workflow, a BullMQ worker and the console on HTTP. */
export interface ConsoleStack {
  readonly url: string;
  readonly cp: ControlPlane;
  readonly redis: RedisServer;
  readonly composed: ComposedWorkflow;
  readonly console: ConsoleSurface;
  stop(): Promise<void>;
}

/** Sign-in settings of a stack: dev users (default) or OIDC with its identity rules. */
export interface StackSignIn {
  readonly console: ConsoleConfig;
  readonly oidc?: OidcConfig;
  readonly identity?: IdentityRules;
}

/** What a story may choose about its stack; each part left out is the default or started privately. */
export interface ConsoleStackOptions {
  /** Default {@link CONSOLE_POLICY}. */
  readonly policy?: string;
  /** The workflow's clock (default: the system's): a scenario moves a manual one past timers. */
  readonly clock?: Clock;
  /** A control plane and a Redis shared with other stacks (left running by `stop`); each stack gets its own key prefix. */
  readonly cp?: ControlPlane;
  readonly redis?: RedisServer;
  /** Step-up for approvers and requesters, where the policy asks for it (and for every break-glass). */
  readonly stepUp?: StepUpPort;
  /** The on-call services (fakes) on-call approver groups and `requesters.onCall` ask; default none. */
  readonly onCall?: OnCallConfig;
  /** The `people` of the default identity table (used when `signIn` gives none): e.g. `{ usernames: [bob], pagerduty: [PBOB] }` links bob to a PagerDuty user. */
  readonly people?: readonly LinkedPerson[];
}

/**
 * Starts the real parts: a private redis-server, a seeded control plane, the workflow
 * composed as `serve` composes it (Redis store and audit, BullMQ queue, the Kubernetes
 * adapter as Countersign's ServiceAccount), a BullMQ worker running every processor with
 * the console's notifier, and the console on a loopback HTTP server.
 */
export async function startConsoleStack(
  signIn: StackSignIn = { console: { devUsers: DEV_USERS } },
  options: ConsoleStackOptions = {},
): Promise<ConsoleStack> {
  const logger = pino({ level: process.env.CONSOLE_TEST_LOG ?? 'silent' });
  const dir = mkdtempSync(join(tmpdir(), 'countersign-console-'));
  const policyFile = join(dir, 'policy.yaml');
  writeFileSync(policyFile, options.policy ?? CONSOLE_POLICY);
  const keyPrefix = options.redis ? `cs-${randomBytes(3).toString('hex')}` : 'cs';
  const [redis, cp] = await Promise.all([
    options.redis ?? startRedis(),
    options.cp ?? startControlPlane({ seed: true }),
  ]);
  const [port = 0] = await freePorts(1);
  const publicBaseUrl = `http://127.0.0.1:${port}`;
  const composed = composeWorkflow(
    {
      policyFile,
      redis: { url: redis.url, keyPrefix },
      kubernetes: {
        kubeconfig: cp.kubeconfigFor('countersign'),
        clusters: [{ name: 'test', context: 'countersign' }],
        defaultCluster: 'test',
      },
      tuning: { remindBeforeMs: 15 * 60_000 },
      ...(options.onCall ? { onCall: options.onCall } : {}),
    },
    logger,
    {
      watchPolicy: false,
      queue: { retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 1000 } },
      ...(options.clock ? { clock: options.clock } : {}),
    },
  );
  const surface = createConsole({
    config: {
      http: { host: '127.0.0.1', port, publicBaseUrl },
      console: signIn.console,
      ...(signIn.oidc ? { oidc: signIn.oidc } : {}),
      redis: { keyPrefix },
    },
    workflow: composed.deps,
    identity: signIn.identity ?? {
      mode: 'table',
      table: parseIdentityTable(options.people ? { people: options.people } : {}, 'test'),
      emailUsernamePrefix: '',
    },
    redis: composed.redis,
    logger,
    ...(options.stepUp ? { stepUp: options.stepUp } : {}),
  });
  const worker = await BullmqWorker.start(
    redis.url,
    createProcessors({ workflow: composed.deps, notifier: surface.notifier }),
    { ...composed.queueSettings, concurrency: 4, shutdownGraceMs: 2000 },
    logger,
  );
  const http: RunningHttpServer = await startHttpServer('127.0.0.1', port, surface.routes, logger);
  await surface.start();
  return {
    url: http.url,
    cp,
    redis,
    composed,
    console: surface,
    async stop() {
      await surface.close();
      await http.close(1000);
      await worker.close();
      await composed.close();
      await Promise.all([options.cp ? undefined : cp.stop(), options.redis ? undefined : redis.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
