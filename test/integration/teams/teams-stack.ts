import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { startHttpServer, type RunningHttpServer } from '../../../src/adapters/http/http-server.ts';
import { BullmqWorker } from '../../../src/adapters/queue/bullmq-worker.ts';
import { createTeamsSurface, type TeamsSurface } from '../../../src/adapters/teams/create-teams-surface.ts';
import { TEAMS_MESSAGES_PATH } from '../../../src/adapters/teams/ingress/messages-route.ts';
import { composeWorkflow, type ComposedWorkflow } from '../../../src/app/compose-workflow.ts';
import { PlatformMembership } from '../../../src/app/platform-membership.ts';
import type { OnCallConfig } from '../../../src/config/config.ts';
import { parseIdentityTable, type LinkedPerson } from '../../../src/core/identity/identity-table.ts';
import type { IdentityRules } from '../../../src/core/identity/resolve-principal.ts';
import type { Clock } from '../../../src/core/ports/clock.ts';
import type { ClusterPort } from '../../../src/core/ports/cluster.ts';
import type { StepUpPort } from '../../../src/core/ports/step-up.ts';
import type { WorkflowDeps } from '../../../src/core/workflow/workflow-deps.ts';
import { createProcessors } from '../../../src/jobs/processors.ts';
import { startFakeTeams, type FakeTeams } from '../../fakes/fake-teams/fake-teams.ts';
import type { FakeTeam, FakeTeamsUser } from '../../fakes/fake-teams/fake-teams-types.ts';
import type { ControlPlane } from '../../harness/control-plane.ts';
import type { RedisServer } from '../../harness/redis-server.ts';

const person = (name: string, n: number): FakeTeamsUser => ({
  teamsId: `29:1${name}-teams-id`,
  aadObjectId: `0000000${n}-aaaa-4bbb-8ccc-${String(n).padStart(12, '0')}`,
  name,
  email: `${name}@example.com`,
});

/** The people of the Teams tests, by story name. */
export const TEAMS_PEOPLE = {
  alice: person('alice', 1),
  bob: person('bob', 2),
  carol: person('carol', 3),
  mallory: person('mallory', 4),
  dave: person('dave', 5),
} as const;

/** Kubernetes identities of the people, as the identity table maps them (by Entra object ID). */
export const KUBE_USERS: Readonly<Record<keyof typeof TEAMS_PEOPLE, { username: string; groups: string[] }>> =
  {
    alice: { username: 'alice', groups: ['developers'] },
    bob: { username: 'bob', groups: ['sre'] },
    carol: { username: 'carol', groups: ['sre'] },
    mallory: { username: 'mallory', groups: ['developers'] },
    dave: { username: 'dave', groups: ['security'] },
  };

/** The Entra group of the security approvers (dave is in it, in the fake Graph). */
export const SECURITY_GROUP = '5ec0a11d-0000-4000-8000-000000000001';

/** The one team of the test tenant and its channels. */
export const TEAM: FakeTeam = {
  id: '19:platform-general@thread.tacv2',
  name: 'Platform',
  channels: [
    { id: '19:platform-general@thread.tacv2', name: 'General' },
    { id: '19:prod-approvals@thread.tacv2', name: 'prod-approvals' },
    { id: '19:staging-changes@thread.tacv2', name: 'staging-changes' },
    { id: '19:inc-4312@thread.tacv2', name: 'inc-4312' },
    { id: '19:security@thread.tacv2', name: 'security' },
  ],
  members: Object.values(TEAMS_PEOPLE).map((p) => p.aadObjectId),
};

/** Channel IDs by the names the story uses. */
export const TEAMS_CHANNELS: Readonly<Record<string, string>> = Object.fromEntries(
  TEAM.channels.map((c) => [`#${c.name.toLowerCase()}`, c.id]),
);

/** The policy of the Teams tests: two of sre-leads for prod, security (an Entra group) for secure-*, staging at once. */
export const TEAMS_TEST_POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: teams-test }
spec:
  defaults: { requestTTL: 1h, executeAs: countersign }
  approverGroups:
    sre-leads: { users: [bob, carol] }
    security: { teamsGroupId: ${SECURITY_GROUP} }
  grantableRoles:
    - { name: view, kind: ClusterRole, scopes: [namespace], maxDuration: 8h }
  rules:
    - name: prod
      match: { namespaces: [prod-*] }
      outcome: require-approval
      approval:
        approverGroups: [sre-leads]
        minApprovals: 2
        holderMayExtend: true
        channels: { teams: ['19:prod-approvals@thread.tacv2'] }
    - name: secure
      match: { namespaces: [secure-*] }
      outcome: require-approval
      approval:
        approverGroups: [security]
        minApprovals: 1
        channels: { teams: ['#prod-approvals'] }
    - name: audited
      match: { namespaces: [audit-*] }
      outcome: require-approval
      approval:
        approverGroups: [sre-leads]
        minApprovals: 1
        stepUp: true
        channels: { teams: ['#prod-approvals'] }
    - name: staging
      match: { namespaces: [staging-*] }
      outcome: auto-approve
      approval:
        channels: { teams: ['#staging-changes'] }
`;

/** A running Teams stack: the fakes, the real CloudAdapter over HTTP, the real workflow, optionally a worker. */
export interface TeamsStack {
  readonly fake: FakeTeams;
  readonly surface: TeamsSurface;
  readonly workflow: WorkflowDeps;
  readonly composed: ComposedWorkflow;
  readonly keyPrefix: string;
  /** `http://127.0.0.1:PORT/api/messages`. */
  readonly endpoint: string;
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

/** What the stack runs on. */
export interface TeamsStackOptions {
  readonly redis: RedisServer;
  /** The test control plane (as Countersign's ServiceAccount), or a cluster port standing in for it. */
  readonly cp?: ControlPlane;
  readonly cluster?: ClusterPort;
  readonly policy?: string;
  readonly worker?: boolean;
  /** Step-up for approvers and requesters, where the policy asks for it. */
  readonly stepUp?: StepUpPort;
  /** `TEAMS_SECURITY_CHANNEL` and `TEAMS_INCIDENT_CHANNEL_TEMPLATE`, where a test wants them. */
  readonly channels?: { readonly securityChannel?: string; readonly incidentChannelTemplate?: string };
  /** Use a certificate credential instead of the client secret. */
  readonly certificate?: { key: string; cert: string };
  /** A MultiTenant app serving the fake's tenant through its tenant allow-list. */
  readonly multiTenant?: boolean;
  readonly logger?: Logger;
  /** The workflow's clock (default: the system's): a scenario moves a manual one past timers. */
  readonly clock?: Clock;
  /** The on-call services (fakes) on-call approver groups and `requesters.onCall` ask; default none. */
  readonly onCall?: OnCallConfig;
  /** The identity table's `people`: e.g. `{ usernames: [bob], pagerduty: [PBOB] }` links bob to a PagerDuty user. */
  readonly people?: readonly LinkedPerson[];
}

/**
 * Starts everything a Teams test talks to, for real where it can be: the fakes of
 * Teams (Bot Framework tokens and metadata, Entra login over HTTPS, Bot Connector,
 * Graph), the workflow composed as production composes it (Redis store, audit chain,
 * BullMQ queue; the Kubernetes adapter on the test control plane, or a given cluster
 * port), the Teams surface mounted on the process's HTTP server, and (optionally) a
 * worker running every job with the Teams notifier.
 */
export async function startTeamsStack(options: TeamsStackOptions): Promise<TeamsStack> {
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const dir = mkdtempSync(join(tmpdir(), 'countersign-teams-'));
  const policyFile = join(dir, 'policy.yaml');
  writeFileSync(policyFile, options.policy ?? TEAMS_TEST_POLICY);
  const fake = await startFakeTeams({ users: Object.values(TEAMS_PEOPLE), teams: [TEAM] });
  fake.graph.setMembers(SECURITY_GROUP, [TEAMS_PEOPLE.dave.aadObjectId]);
  const keyPrefix = `cs-${randomBytes(3).toString('hex')}`;
  const membership = new PlatformMembership();
  const composed = composeWorkflow(
    {
      redis: { url: options.redis.url, keyPrefix },
      kubernetes: {
        ...(options.cp ? { kubeconfig: options.cp.kubeconfigFor('countersign') } : {}),
        clusters: [{ name: 'test', context: 'countersign' }],
        defaultCluster: 'test',
      },
      policyFile,
      tuning: { remindBeforeMs: 15 * 60_000 },
      ...(options.onCall ? { onCall: options.onCall } : {}),
    },
    logger,
    {
      membership,
      ...(options.cluster ? { cluster: options.cluster } : {}),
      queue: { retry: { attempts: 4, baseDelayMs: 200, maxDelayMs: 2000 } },
      watchPolicy: false,
      ...(options.clock ? { clock: options.clock } : {}),
    },
  );
  const identity: IdentityRules = {
    mode: 'table',
    emailUsernamePrefix: '',
    table: parseIdentityTable(
      {
        teams: Object.fromEntries(
          (Object.keys(TEAMS_PEOPLE) as (keyof typeof TEAMS_PEOPLE)[]).map((name) => [
            TEAMS_PEOPLE[name].aadObjectId,
            KUBE_USERS[name],
          ]),
        ),
        ...(options.people ? { people: options.people } : {}),
      },
      'test',
    ),
  };
  const surface = createTeamsSurface(
    {
      ...fake.config({
        ...(options.certificate ? { certificate: options.certificate } : {}),
        ...(options.multiTenant ? { multiTenant: true } : {}),
      }),
      ...options.channels,
    },
    {
      workflow: composed.deps,
      identity,
      logger,
      redis: composed.redis,
      keyPrefix,
      loginTls: { ca: fake.login.ca },
      ...(options.stepUp ? { stepUp: options.stepUp } : {}),
    },
  );
  membership.register('teams', surface.membership);
  const http: RunningHttpServer = await startHttpServer('127.0.0.1', 0, surface.routes, logger);
  fake.endpoint = `${http.url}${TEAMS_MESSAGES_PATH}`;
  let worker: BullmqWorker | undefined;
  const startWorker = async (): Promise<void> => {
    if (worker) return;
    worker = await BullmqWorker.start(
      options.redis.url,
      createProcessors({ workflow: composed.deps, notifier: surface.notifier }),
      {
        ...composed.queueSettings,
        concurrency: 4,
        lockDurationMs: 2000,
        stalledIntervalMs: 1000,
        shutdownGraceMs: 2000,
      },
      logger,
    );
  };
  if (options.worker) await startWorker();
  return {
    fake,
    surface,
    workflow: composed.deps,
    composed,
    keyPrefix,
    endpoint: fake.endpoint,
    startWorker,
    async stop() {
      await worker?.close();
      await http.close(1000);
      await surface.close();
      await composed.close();
      await fake.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
