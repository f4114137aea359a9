import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyChainAsync } from '../../src/core/audit/verify-chain.ts';
import { startControlPlane, type ControlPlane } from '../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../harness/redis-server.ts';
import { startTeamsStack, type TeamsStack } from '../integration/teams/teams-stack.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { runApprovalStory } from './approval-story.ts';
import { escalationPolicy, runEscalationStory } from './escalation-story.ts';
import type { StoryWorld } from './bot-driver.ts';
import { runScheduledStartStory, waitingJobRunner } from './scheduled-start-story.ts';
import { teamsDriver } from './teams-driver.ts';
import { TEAMS_CHANNELS } from '../integration/teams/teams-stack.ts';
import { runAccessStory } from './access-story.ts';
import { storyPolicy } from './story-policy.ts';
import { BREAK_GLASS_PEOPLE, runBreakGlassStory } from './break-glass-story.ts';
import { clusterWorld } from './cluster-world.ts';
import {
  ON_CALL_PEOPLE,
  onCallPolicy,
  runOnCallStory,
  startOnCallService,
  type OnCallService,
} from './on-call-story.ts';
import { startStepUpService, type StepUpService } from './step-up-service.ts';

let cp: ControlPlane;
let redis: RedisServer;
let stack: TeamsStack;

before(async () => {
  [cp, redis] = await Promise.all([startControlPlane({ seed: true }), startRedis()]);
  stack = await startTeamsStack({ cp, redis, worker: true });
});

after(async () => {
  await stack?.stop();
  await Promise.all([cp?.stop(), redis?.stop()]);
});

void describe('the approval story on Teams', { timeout: 180_000 }, () => {
  void test('request → card in the right channel → self-approval refused → two approvals → executed → cards, thread and audit', async () => {
    const world: StoryWorld = {
      replicas: async (namespace, name) =>
        Number(
          await cp.kubectl(['get', 'deployment', name, '-n', namespace, '-o', 'jsonpath={.spec.replicas}']),
        ),
      auditEvents: (requestId) => stack.workflow.store.listEvents(requestId),
      verifyAudit: () => verifyChainAsync(stack.workflow.audit.readAll()),
    };
    await runApprovalStory(await teamsDriver(stack), world);
  });
});

void describe('the escalation story on Teams', { timeout: 180_000 }, () => {
  const clock = new ManualClock(Date.now());
  let escalating: TeamsStack;
  before(async () => {
    escalating = await startTeamsStack({ cp, redis, worker: true, policy: escalationPolicy('teams'), clock });
  });
  after(() => escalating?.stop());

  void test("no answer → the backup group's card after 10m → the backup approves → executed on the cluster", async () => {
    await runEscalationStory(await teamsDriver(escalating), {
      replicas: async (namespace, name) =>
        Number(
          await cp.kubectl(['get', 'deployment', name, '-n', namespace, '-o', 'jsonpath={.spec.replicas}']),
        ),
      auditEvents: (requestId) => escalating.workflow.store.listEvents(requestId),
      verifyAudit: () => verifyChainAsync(escalating.workflow.audit.readAll()),
      async passTime(ms, requestId) {
        clock.advance(ms);
        assert.equal(await escalating.composed.queue.promote('escalate-request', { requestId }), true);
      },
    });
  });
});

void describe('the scheduled-start story on Teams', { timeout: 180_000 }, () => {
  const clock = new ManualClock(Date.now());
  let scheduled: TeamsStack;
  before(async () => {
    scheduled = await startTeamsStack({ cp, redis, worker: true, clock });
  });
  after(() => scheduled?.stop());

  void test('filed with --in 2h → approved → nothing runs an hour early → runs at the start on the cluster', async () => {
    await runScheduledStartStory(await teamsDriver(scheduled), {
      replicas: async (namespace, name) =>
        Number(
          await cp.kubectl(['get', 'deployment', name, '-n', namespace, '-o', 'jsonpath={.spec.replicas}']),
        ),
      auditEvents: (requestId) => scheduled.workflow.store.listEvents(requestId),
      verifyAudit: () => verifyChainAsync(scheduled.workflow.audit.readAll()),
      runWaitingJobAt: waitingJobRunner(scheduled.composed.queue, scheduled.workflow.store, clock),
    });
  });
});

void describe('the access story on Teams', { timeout: 180_000 }, () => {
  let granting: TeamsStack;
  before(async () => {
    granting = await startTeamsStack({ cp, redis, worker: true, policy: storyPolicy('teams') });
  });
  after(() => granting?.stop());

  void test('access → two approvals → RoleBinding on the cluster → extension by an approver → revoke → binding gone, cards, thread, DMs and audit', async () => {
    await runAccessStory(await teamsDriver(granting), clusterWorld(cp, granting.workflow));
  });
});

void describe('the break-glass story on Teams', { timeout: 180_000 }, () => {
  let stepUp: StepUpService;
  let breaking: TeamsStack;
  before(async () => {
    stepUp = await startStepUpService(BREAK_GLASS_PEOPLE);
    breaking = await startTeamsStack({
      cp,
      redis,
      worker: true,
      policy: storyPolicy('teams'),
      stepUp: stepUp.port,
      channels: { securityChannel: TEAMS_CHANNELS['#security'] ?? '' },
    });
    await stepUp.attach(breaking.workflow, breaking.composed.redis);
  });
  after(async () => {
    await breaking?.stop();
    await stepUp?.stop();
  });

  void test('--break-glass → sign in again → runs at once → cards in the security, approval and incident channels → acknowledged → audit', async () => {
    await runBreakGlassStory(
      await teamsDriver(breaking, { signIn: stepUp.signIn }),
      clusterWorld(cp, breaking.workflow),
    );
  });
});

void describe('the on-call story on Teams', { timeout: 180_000 }, () => {
  const clock = new ManualClock(Date.now());
  let service: OnCallService;
  let onCall: TeamsStack;
  before(async () => {
    service = await startOnCallService();
    onCall = await startTeamsStack({
      cp,
      redis,
      worker: true,
      policy: onCallPolicy('teams'),
      clock,
      onCall: service.config,
      people: ON_CALL_PEOPLE,
    });
  });
  after(async () => {
    await onCall?.stop();
    await service?.stop();
  });

  void test('off-call click refused → on-call click approves → executed; PagerDuty down → refused, pending; on-call requester auto-approved and audited', async () => {
    await runOnCallStory(await teamsDriver(onCall), { ...clusterWorld(cp, onCall.workflow), service, clock });
  });
});
