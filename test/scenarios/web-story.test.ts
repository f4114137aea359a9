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

void describe('the access story on the web console', { timeout: 180_000 }, () => {
  let stack: ConsoleStack;
  before(async () => {
    stack = await startConsoleStack(devUsers, { cp, redis, policy: storyPolicy('web') });
  });
  after(() => stack?.stop());

  void test('access → two approvals → RoleBinding on the cluster → extension by an approver → revoke → binding gone, card, timeline and audit', async () => {
    await runAccessStory(
      webDriver(stack.url, { '#prod-approvals': 'bob' }),
      clusterWorld(cp, stack.composed.deps),
    );
  });
});

void describe('the break-glass story on the web console', { timeout: 180_000 }, () => {
  let stepUp: StepUpService;
  let stack: ConsoleStack;
  before(async () => {
    stepUp = await startStepUpService(BREAK_GLASS_PEOPLE);
    stack = await startConsoleStack(devUsers, {
      cp,
      redis,
      policy: storyPolicy('web'),
      stepUp: stepUp.port,
    });
    await stepUp.attach(stack.composed.deps, stack.composed.redis);
  });
  after(async () => {
    await stack?.stop();
    await stepUp?.stop();
  });

  void test('--break-glass → sign in again → runs at once → on the reviewer’s Approvals page → acknowledged → audit', async () => {
    const driver = webDriver(stack.url, { '#security': 'carol' }, { signIn: stepUp.signIn });
    await runBreakGlassStory(driver, clusterWorld(cp, stack.composed.deps));
  });
});

void describe('the on-call story on the web console', { timeout: 180_000 }, () => {
  const clock = new ManualClock(Date.now());
  let service: OnCallService;
  let stack: ConsoleStack;
  before(async () => {
    service = await startOnCallService();
    stack = await startConsoleStack(devUsers, {
      cp,
      redis,
      policy: onCallPolicy('web'),
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
    await runOnCallStory(webDriver(stack.url, { '#prod-approvals': 'bob' }), {
      ...clusterWorld(cp, stack.composed.deps),
      service,
      clock,
    });
  });
});
