import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { startHttpServer, type RunningHttpServer } from '../../../src/adapters/http/http-server.ts';
import { BullmqWorker } from '../../../src/adapters/queue/bullmq-worker.ts';
import { RedisDeliveryClaims } from '../../../src/adapters/store/redis-delivery-claims.ts';
import {
  createSlackApp,
  SLACK_EVENTS_PATH,
  type SlackSurface,
} from '../../../src/adapters/slack/slack-app.ts';
import type { AfterAckOptions } from '../../../src/adapters/http/after-ack-scheduler.ts';
import { SlackMembership } from '../../../src/adapters/slack/chat/slack-membership.ts';
import { SlackChat } from '../../../src/adapters/slack/chat/slack-chat.ts';
import { createSlackClient } from '../../../src/adapters/slack/chat/slack-web-client.ts';
import { composeWorkflow, type ComposedWorkflow } from '../../../src/app/compose-workflow.ts';
import { ChatNotifier } from '../../../src/core/notify/chat-notifier.ts';
import type { OnCallConfig, SlackConfig } from '../../../src/config/config.ts';
import { parseIdentityTable, type LinkedPerson } from '../../../src/core/identity/identity-table.ts';
import type { IdentityRules } from '../../../src/core/identity/resolve-principal.ts';
import type { Clock } from '../../../src/core/ports/clock.ts';
import type { ClusterPort } from '../../../src/core/ports/cluster.ts';
import type { StepUpPort } from '../../../src/core/ports/step-up.ts';
import type { WorkflowDeps } from '../../../src/core/workflow/workflow-deps.ts';
import { createProcessors } from '../../../src/jobs/processors.ts';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack/fake-slack.ts';
import {
  postToBolt,
  signRequest,
  type BoltResponse,
  type SignOptions,
  type UnsignedRequest,
} from '../../fakes/fake-slack/sign-request.ts';
import type { EnvelopeType } from '../../fakes/fake-slack/fake-socket-mode.ts';
import type { ControlPlane } from '../../harness/control-plane.ts';
import type { RedisServer } from '../../harness/redis-server.ts';

/** The people of the Slack tests: Slack user ID → Kubernetes user of the test control plane. */
export const PEOPLE = {
  alice: { id: 'UALICE0001', username: 'alice', groups: ['developers'], email: 'alice@example.com' },
  bob: { id: 'UBOB000001', username: 'bob', groups: ['sre'], email: 'bob@example.com' },
  carol: { id: 'UCAROL0001', username: 'carol', groups: ['sre'], email: 'carol@example.com' },
  mallory: { id: 'UMALLORY01', username: 'mallory', groups: ['developers'], email: 'mallory@example.com' },
  dave: { id: 'UDAVE00001', username: 'dave', groups: ['security'], email: 'dave@example.com' },
} as const;

/** Someone in the Slack workspace but not in the identity table. */
export const STRANGER = { id: 'USTRANGER1', name: 'stranger' };

/** The channels of the test workspace. */
export const CHANNELS = {
  prod: { id: 'CPRODAPPR1', name: 'prod-approvals' },
  staging: { id: 'CSTAGING01', name: 'staging-changes' },
  dev: { id: 'CDEVELOP01', name: 'dev' },
  incident: { id: 'CINC43120X', name: 'inc-4312' },
  security: { id: 'CSECURITY1', name: 'security' },
} as const;

/** The policy the Slack tests run under: two of sre-leads in #prod-approvals for prod, staging runs at once. */
export const SLACK_TEST_POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: slack-test }
spec:
  defaults: { requestTTL: 1h, executeAs: countersign }
  approverGroups:
    sre-leads: { users: [bob, carol] }
    security: { slackUserGroup: security-team }
  grantableRoles:
    - { name: view, kind: ClusterRole, scopes: [namespace], maxDuration: 8h }
  rules:
    - name: prod
      match: { namespaces: [prod-*] }
      outcome: require-approval
      approval:
        approverGroups: [sre-leads]
        minApprovals: 2
        channels: { slack: ['#prod-approvals'] }
    - name: staging
      match: { namespaces: [staging-*] }
      outcome: auto-approve
      approval:
        channels: { slack: ['#staging-changes'] }
`;

/** A running Slack stack: fake Slack, the real Bolt app over HTTP, the real workflow, optionally a worker. */
export interface SlackStack {
  readonly fake: FakeSlack;
  /** The Bolt app's surface (its Slack link, start and stop). */
  readonly surface: SlackSurface;
  readonly keyPrefix: string;
  readonly workflow: WorkflowDeps;
  readonly composed: ComposedWorkflow;
  /** `http://127.0.0.1:PORT/slack/events`. */
  readonly eventsUrl: string;
  /** The process's HTTP server the Bolt app is mounted on. */
  readonly http: RunningHttpServer;
  readonly signingSecret: string;
  /** Signs `request` as Slack would (or as told: stale, wrong secret, retry) and posts it to Bolt. */
  send(request: UnsignedRequest, options?: Omit<SignOptions, 'signingSecret'>): Promise<BoltResponse>;
  /** Starts the BullMQ worker running every job with the Slack notifier (once). */
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

/** Where the stack runs its cluster operations: a test control plane with its seed objects. */
export interface SlackStackOptions {
  /** The test control plane (as Countersign's ServiceAccount), or `cluster`, a port standing in for it. */
  readonly cp?: ControlPlane;
  readonly cluster?: ClusterPort;
  readonly redis: RedisServer;
  /** `socket`: the Bolt app connects to the fake's Socket Mode and `send` delivers envelopes; default `http`. */
  readonly mode?: 'http' | 'socket';
  /** Run against this fake Slack (another replica of the same workspace) instead of starting one. */
  readonly fake?: FakeSlack;
  /** Share this Redis key prefix (another replica of the same installation). */
  readonly keyPrefix?: string;
  readonly policy?: string;
  readonly worker?: boolean;
  readonly logger?: Logger;
  /** The workflow's clock (default: the system's): a scenario moves a manual one past timers. */
  readonly clock?: Clock;
  /** Step-up for approvers and requesters, where the policy asks for it (and for every break-glass). */
  readonly stepUp?: StepUpPort;
  /** The on-call services (fakes) on-call approver groups and `requesters.onCall` ask; default none. */
  readonly onCall?: OnCallConfig;
  /** The identity table's `people`: e.g. `{ usernames: [bob], pagerduty: [PBOB] }` links bob to a PagerDuty user. */
  readonly people?: readonly LinkedPerson[];
  /** How the surface files commands after their ack (its limit, bounded wait, timer). */
  readonly afterAck?: AfterAckOptions;
}

/**
 * Starts everything a Slack test talks to, for real: a fake Slack Web API with the
 * test workspace, the Countersign workflow composed as production composes it (Redis
 * store, audit chain and BullMQ queue on a private Redis, the Kubernetes adapter on
 * the test control plane as Countersign's ServiceAccount), the Bolt app in HTTP mode
 * on the process's HTTP server, and (optionally) a worker with the Slack notifier
 * (break-glass cards also going to #security).
 */
export async function startSlackStack(options: SlackStackOptions): Promise<SlackStack> {
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const dir = mkdtempSync(join(tmpdir(), 'countersign-slack-'));
  const policyFile = join(dir, 'policy.yaml');
  writeFileSync(policyFile, options.policy ?? SLACK_TEST_POLICY);
  const ownFake = options.fake === undefined;
  const fake =
    options.fake ??
    (await startFakeSlack({
      users: [
        ...Object.values(PEOPLE).map((p) => ({
          id: p.id,
          name: p.username,
          realName: p.username,
          email: p.email,
        })),
        STRANGER,
      ],
      channels: Object.values(CHANNELS),
      userGroups: [{ id: 'SSECURITY1', handle: 'security-team', users: [PEOPLE.dave.id] }],
    }));
  const signingSecret = randomBytes(16).toString('hex');
  const slack: SlackConfig =
    options.mode === 'socket'
      ? { botToken: fake.botToken, apiUrl: fake.apiUrl, mode: 'socket', appToken: fake.appToken }
      : { botToken: fake.botToken, apiUrl: fake.apiUrl, mode: 'http', signingSecret };
  const keyPrefix = options.keyPrefix ?? `cs-${randomBytes(3).toString('hex')}`;
  const client = createSlackClient(slack, logger);
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
      membership: new SlackMembership(client, logger),
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
        slack: Object.fromEntries(
          Object.values(PEOPLE).map((p) => [p.id, { username: p.username, groups: [...p.groups] }]),
        ),
        ...(options.people ? { people: options.people } : {}),
      },
      'test',
    ),
  };
  const claims = new RedisDeliveryClaims(composed.redis, keyPrefix);
  const surface = createSlackApp(slack, {
    workflow: composed.deps,
    identity,
    logger,
    claims,
    ...(options.stepUp ? { stepUp: options.stepUp } : {}),
    ...(options.afterAck ? { afterAck: options.afterAck } : {}),
  });
  await surface.start();
  const http: RunningHttpServer = await startHttpServer('127.0.0.1', 0, surface.routes, logger);
  let worker: BullmqWorker | undefined;
  const startWorker = async (): Promise<void> => {
    if (worker) return;
    const notifier = new ChatNotifier({
      chat: new SlackChat(client),
      store: composed.deps.store,
      clock: composed.deps.clock,
      log: logger,
      securityChannel: `#${CHANNELS.security.name}`,
    });
    worker = await BullmqWorker.start(
      options.redis.url,
      createProcessors({ workflow: composed.deps, notifier }),
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
  const eventsUrl = `${http.url}${SLACK_EVENTS_PATH}`;
  const send = (request: UnsignedRequest, sign: Omit<SignOptions, 'signingSecret'> = {}) =>
    options.mode === 'socket'
      ? deliverOverSocket(fake, request)
      : postToBolt(eventsUrl, signRequest(request, { ...sign, signingSecret }));
  return {
    fake,
    surface,
    keyPrefix,
    workflow: composed.deps,
    composed,
    eventsUrl,
    http,
    signingSecret,
    send,
    startWorker,
    async stop() {
      await worker?.close();
      await http.close(1000);
      await surface.stop();
      await composed.close();
      if (ownFake) await fake.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What `send` does in Socket Mode: the request Slack would have POSTed becomes the
 * envelope it sends over the socket instead (a form with `payload` is `interactive`,
 * another form `slash_commands`, JSON `events_api`), and the ack is the answer.
 */
async function deliverOverSocket(fake: FakeSlack, request: UnsignedRequest): Promise<BoltResponse> {
  let type: EnvelopeType;
  let payload: Record<string, unknown>;
  if (request.contentType === 'application/json') {
    type = 'events_api';
    payload = JSON.parse(request.body) as Record<string, unknown>;
  } else {
    const form = new URLSearchParams(request.body);
    const interaction = form.get('payload');
    type = interaction === null ? 'slash_commands' : 'interactive';
    payload =
      interaction === null ? Object.fromEntries(form) : (JSON.parse(interaction) as Record<string, unknown>);
  }
  const ack = await fake.socket.deliver(type, payload);
  const text = ack.payload === undefined ? '' : JSON.stringify(ack.payload);
  return { status: 200, headers: new Headers(), text, json: ack.payload };
}
