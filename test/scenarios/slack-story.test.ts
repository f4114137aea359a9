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
