import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyChainAsync } from '../../src/core/audit/verify-chain.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import { startControlPlane, type ControlPlane } from '../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../harness/redis-server.ts';
import { DEV_USERS, startConsoleStack, type ConsoleStack } from '../integration/web/console-stack.ts';
import { runApprovalStory } from './approval-story.ts';
import type { StoryWorld } from './bot-driver.ts';
import { escalationPolicy, runEscalationStory } from './escalation-story.ts';
import { runScheduledStartStory, waitingJobRunner } from './scheduled-start-story.ts';
import { webDriver } from './web-driver.ts';

let cp: ControlPlane;
let redis: RedisServer;

before(async () => {
  [cp, redis] = await Promise.all([startControlPlane({ seed: true }), startRedis()]);
});

after(async () => {
  await Promise.all([cp?.stop(), redis?.stop()]);
});

const devUsers = { console: { devUsers: DEV_USERS } };

function worldOf(stack: ConsoleStack): StoryWorld {
  return {
    replicas: async (namespace, name) =>
      Number(
        await cp.kubectl(['get', 'deployment', name, '-n', namespace, '-o', 'jsonpath={.spec.replicas}']),
      ),
    auditEvents: (requestId) => stack.composed.deps.store.listEvents(requestId),
    verifyAudit: () => verifyChainAsync(stack.composed.deps.audit.readAll()),
  };
}

void describe('the approval story on the web console', { timeout: 180_000 }, () => {
  let stack: ConsoleStack;
  before(async () => {
    stack = await startConsoleStack(devUsers, { cp, redis });
  });
  after(() => stack?.stop());

  void test('request → card on the approvers’ page → self-approval refused → two approvals → executed → card, timeline and audit', async () => {
    await runApprovalStory(webDriver(stack.url, { '#prod-approvals': 'bob' }), worldOf(stack));
  });
});

void describe('the escalation story on the web console', { timeout: 180_000 }, () => {
  const clock = new ManualClock(Date.now());
  let stack: ConsoleStack;
  before(async () => {
    stack = await startConsoleStack(devUsers, { cp, redis, clock, policy: escalationPolicy('web') });
  });
  after(() => stack?.stop());

  void test("no answer → the card on the backup's page after 10m → the backup approves → executed on the cluster", async () => {
    const driver = webDriver(stack.url, { '#prod-approvals': 'bob', '#security': 'dave' });
    await runEscalationStory(driver, {
      ...worldOf(stack),
      async passTime(ms, requestId) {
        clock.advance(ms);
        assert.equal(await stack.composed.queue.promote('escalate-request', { requestId }), true);
      },
    });
  });
});

void describe('the scheduled-start story on the web console', { timeout: 180_000 }, () => {
  const clock = new ManualClock(Date.now());
  let stack: ConsoleStack;
  before(async () => {
    stack = await startConsoleStack(devUsers, { cp, redis, clock });
  });
  after(() => stack?.stop());

  void test('filed with --in 2h → approved → nothing runs an hour early → runs at the start on the cluster', async () => {
    await runScheduledStartStory(webDriver(stack.url, { '#prod-approvals': 'bob' }), {
      ...worldOf(stack),
      runWaitingJobAt: waitingJobRunner(stack.composed.queue, stack.composed.deps.store, clock),
    });
  });
});
