import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyChainAsync } from '../../src/core/audit/verify-chain.ts';
import { startControlPlane, type ControlPlane } from '../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../harness/redis-server.ts';
import { startSlackStack, type SlackStack } from '../integration/slack/slack-stack.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { runApprovalStory } from './approval-story.ts';
import { escalationPolicy, runEscalationStory } from './escalation-story.ts';
import type { StoryWorld } from './bot-driver.ts';
import { runScheduledStartStory, waitingJobRunner } from './scheduled-start-story.ts';
import { slackDriver } from './slack-driver.ts';
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

before(async () => {
  [cp, redis] = await Promise.all([startControlPlane({ seed: true }), startRedis()]);
});

after(async () => {
  await Promise.all([cp?.stop(), redis?.stop()]);
});

/**
 * The same story in both of Slack's delivery modes: signed HTTP requests into the
 * Bolt app, and envelopes over the fake Socket Mode connection (the manifests'
 * default). Each mode gets its own stack (its own key prefix on the shared Redis).
 */
for (const mode of ['http', 'socket'] as const) {
  void describe(`the approval story on Slack (${mode} mode)`, { timeout: 180_000 }, () => {
    let stack: SlackStack;
    before(async () => {
      stack = await startSlackStack({ cp, redis, worker: true, mode });
    });
    after(() => stack?.stop());

    void test('request → card in the right channel → self-approval refused → two approvals → executed → cards, thread and audit', async () => {
      const world: StoryWorld = {
        replicas: async (namespace, name) =>
          Number(
            await cp.kubectl(['get', 'deployment', name, '-n', namespace, '-o', 'jsonpath={.spec.replicas}']),
          ),
        auditEvents: (requestId) => stack.workflow.store.listEvents(requestId),
        verifyAudit: () => verifyChainAsync(stack.workflow.audit.readAll()),
      };
      await runApprovalStory(slackDriver(stack), world);
    });
  });
}

void describe('the escalation story on Slack', { timeout: 180_000 }, () => {
  const clock = new ManualClock(Date.now());
  let stack: SlackStack;
  before(async () => {
    stack = await startSlackStack({ cp, redis, worker: true, policy: escalationPolicy('slack'), clock });
  });
  after(() => stack?.stop());

  void test("no answer → the backup group's card after 10m → the backup approves → executed on the cluster", async () => {
    await runEscalationStory(slackDriver(stack), {
      replicas: async (namespace, name) =>
        Number(
          await cp.kubectl(['get', 'deployment', name, '-n', namespace, '-o', 'jsonpath={.spec.replicas}']),
        ),
      auditEvents: (requestId) => stack.workflow.store.listEvents(requestId),
      verifyAudit: () => verifyChainAsync(stack.workflow.audit.readAll()),
      async passTime(ms, requestId) {
        clock.advance(ms);
        assert.equal(await stack.composed.queue.promote('escalate-request', { requestId }), true);
      },
    });
  });
});

void describe('the scheduled-start story on Slack', { timeout: 180_000 }, () => {
  const clock = new ManualClock(Date.now());
  let stack: SlackStack;
  before(async () => {
    stack = await startSlackStack({ cp, redis, worker: true, clock });
  });
  after(() => stack?.stop());

  void test('filed with --in 2h → approved → nothing runs an hour early → runs at the start on the cluster', async () => {
    await runScheduledStartStory(slackDriver(stack), {
      replicas: async (namespace, name) =>
        Number(
          await cp.kubectl(['get', 'deployment', name, '-n', namespace, '-o', 'jsonpath={.spec.replicas}']),
        ),
      auditEvents: (requestId) => stack.workflow.store.listEvents(requestId),
      verifyAudit: () => verifyChainAsync(stack.workflow.audit.readAll()),
      runWaitingJobAt: waitingJobRunner(stack.composed.queue, stack.workflow.store, clock),
    });
  });
});

for (const mode of ['http', 'socket'] as const) {
  void describe(`the access story on Slack (${mode} mode)`, { timeout: 180_000 }, () => {
    let stack: SlackStack;
    before(async () => {
      stack = await startSlackStack({ cp, redis, worker: true, mode, policy: storyPolicy('slack') });
    });
    after(() => stack?.stop());

    void test('access → two approvals → RoleBinding on the cluster → extension by an approver → revoke → binding gone, cards, thread, DMs and audit', async () => {
      await runAccessStory(slackDriver(stack), clusterWorld(cp, stack.workflow));
    });
  });
}

void describe('the break-glass story on Slack', { timeout: 180_000 }, () => {
  let stepUp: StepUpService;
  let stack: SlackStack;
  before(async () => {
    stepUp = await startStepUpService(BREAK_GLASS_PEOPLE);
    stack = await startSlackStack({
      cp,
      redis,
      worker: true,
      policy: storyPolicy('slack'),
      stepUp: stepUp.port,
    });
    await stepUp.attach(stack.workflow, stack.composed.redis);
  });
  after(async () => {
    await stack?.stop();
    await stepUp?.stop();
  });

  void test('--break-glass → sign in again → runs at once → cards in #security, the approval and incident channels → acknowledged → audit', async () => {
    await runBreakGlassStory(slackDriver(stack, { signIn: stepUp.signIn }), clusterWorld(cp, stack.workflow));
  });
});

void describe('the on-call story on Slack', { timeout: 180_000 }, () => {
  const clock = new ManualClock(Date.now());
  let service: OnCallService;
  let stack: SlackStack;
  before(async () => {
    service = await startOnCallService();
    stack = await startSlackStack({
      cp,
      redis,
      worker: true,
      policy: onCallPolicy('slack'),
      clock,
      onCall: service.config,
      people: ON_CALL_PEOPLE,
    });
  });
  after(async () => {
    await stack?.stop();
    await service?.stop();
  });

  void test('off-call click refused → on-call click approves → executed; PagerDuty down → refused, pending; on-call requester auto-approved and audited', async () => {
    await runOnCallStory(slackDriver(stack), { ...clusterWorld(cp, stack.workflow), service, clock });
  });
});
