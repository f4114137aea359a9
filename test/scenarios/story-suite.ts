import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ComposedWorkflow } from '../../src/app/compose-workflow.ts';
import type { OnCallConfig } from '../../src/config/config.ts';
import type { LinkedPerson } from '../../src/core/identity/identity-table.ts';
import { ManualClock } from '../../src/core/ports/clock.ts';
import type { StepUpPort } from '../../src/core/ports/step-up.ts';
import type { WorkflowDeps } from '../../src/core/workflow/workflow-deps.ts';
import { startControlPlane, type ControlPlane } from '../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../harness/redis-server.ts';
import { runAccessStory } from './access-story.ts';
import { runApprovalStory } from './approval-story.ts';
import type { BotDriver, SignInAgain } from './bot-driver.ts';
import { BREAK_GLASS_PEOPLE, runBreakGlassStory } from './break-glass-story.ts';
import { clusterWorld } from './cluster-world.ts';
import { escalationPolicy, runEscalationStory } from './escalation-story.ts';
import {
  ON_CALL_PEOPLE,
  onCallPolicy,
  runOnCallStory,
  startOnCallService,
  type OnCallService,
} from './on-call-story.ts';
import { runScheduledStartStory, waitingJobRunner } from './scheduled-start-story.ts';
import { storyPolicy } from './story-policy.ts';
import { startStepUpService, type StepUpService } from './step-up-service.ts';

/** The stories every surface tells, by name. */
export type StoryName = 'approval' | 'escalation' | 'scheduled-start' | 'access' | 'break-glass' | 'on-call';

/** What a story asks of the stack it runs on; each part left out is the surface's default. */
export interface StoryStackOptions {
  readonly policy?: string;
  readonly clock?: ManualClock;
  /** Given for the break-glass story (every break-glass run needs a fresh sign-in). */
  readonly stepUp?: StepUpPort;
  readonly onCall?: OnCallConfig;
  readonly people?: readonly LinkedPerson[];
}

/** One surface's stack as the stories see it: its workflow, its queue and Redis, a driver. */
export interface StoryStack {
  readonly composed: ComposedWorkflow;
  /** The people's way in for `story` (the console needs to know whose page stands for which channel). */
  driver(story: StoryName, options: { readonly signIn?: SignInAgain }): Promise<BotDriver>;
  stop(): Promise<void>;
}

/** The control plane and Redis every stack of one test file shares. */
export interface StoryEnvironment {
  readonly cp: ControlPlane;
  readonly redis: RedisServer;
}

/** A surface under the story suite. */
export interface StorySurface {
  /** As the test names read: `Slack (http mode)`, `Teams`, `the web console`. */
  readonly title: string;
  /** The surface's name in policy channels. */
  readonly policySurface: 'slack' | 'teams' | 'web';
  /** How the suite's test names say where the cards are. */
  readonly words: { readonly cards: string; readonly breakGlassSeen: string; readonly backupSees: string };
  start(env: StoryEnvironment, options: StoryStackOptions): Promise<StoryStack>;
}

/**
 * Starts one seeded control plane and one Redis for the whole test file (stopped after
 * it) and returns how a suite reaches them once they are up.
 */
export function storyEnvironment(): () => StoryEnvironment {
  let env: StoryEnvironment | undefined;
  before(async () => {
    const [cp, redis] = await Promise.all([startControlPlane({ seed: true }), startRedis()]);
    env = { cp, redis };
  });
  after(async () => {
    await Promise.all([env?.cp.stop(), env?.redis.stop()]);
  });
  return () => {
    assert.ok(env, 'the story environment is not started yet');
    return env;
  };
}

/**
 * Registers a `describe` with its own stack for each story in `only` (default every
 * story): the same story, driver calls and independent checks (kubectl as the cluster
 * admin, the audit chain link by link) on every surface; only how the stack starts and
 * how people reach it differ.
 */
export function storySuite(
  surface: StorySurface,
  env: () => StoryEnvironment,
  only: readonly StoryName[] = [
    'approval',
    'escalation',
    'scheduled-start',
    'access',
    'break-glass',
    'on-call',
  ],
): void {
  const on = `on ${surface.title}`;
  /** One describe: a stack started before its test with `options()`, stopped after, and `extra` cleanup. */
  function story(
    name: StoryName,
    testName: string,
    options: () => Promise<StoryStackOptions> | StoryStackOptions,
    run: (stack: StoryStack, workflow: WorkflowDeps) => Promise<void>,
    cleanup: () => Promise<void> = async () => {},
  ): void {
    if (!only.includes(name)) return;
    void describe(`the ${name} story ${on}`, { timeout: 180_000 }, () => {
      let stack: StoryStack | undefined;
      before(async () => {
        stack = await surface.start(env(), await options());
      });
      after(async () => {
        await stack?.stop();
        await cleanup();
      });
      void test(testName, async () => {
        assert.ok(stack);
        await run(stack, stack.composed.deps);
      });
    });
  }
  const world = (workflow: WorkflowDeps) => clusterWorld(env().cp, workflow);

  story(
    'approval',
    `request → card in the right channel → self-approval refused → two approvals → executed → ${surface.words.cards} and audit`,
    () => ({}),
    async (stack, workflow) => runApprovalStory(await stack.driver('approval', {}), world(workflow)),
  );

  const escalationClock = new ManualClock(Date.now());
  story(
    'escalation',
    `no answer → ${surface.words.backupSees} after 10m → the backup approves → executed on the cluster`,
    () => ({ policy: escalationPolicy(surface.policySurface), clock: escalationClock }),
    async (stack, workflow) =>
      runEscalationStory(await stack.driver('escalation', {}), {
        ...world(workflow),
        async passTime(ms, requestId) {
          escalationClock.advance(ms);
          assert.equal(await stack.composed.queue.promote('escalate-request', { requestId }), true);
        },
      }),
  );

  const scheduledClock = new ManualClock(Date.now());
  story(
    'scheduled-start',
    'filed with --in 2h → approved → nothing runs an hour early → runs at the start on the cluster',
    () => ({ clock: scheduledClock }),
    async (stack, workflow) =>
      runScheduledStartStory(await stack.driver('scheduled-start', {}), {
        ...world(workflow),
        runWaitingJobAt: waitingJobRunner(stack.composed.queue, workflow.store, scheduledClock),
      }),
  );

  story(
    'access',
    `access → two approvals → RoleBinding on the cluster → extension by an approver → revoke → binding gone, ${surface.words.cards}, DMs and audit`,
    () => ({ policy: storyPolicy(surface.policySurface) }),
    async (stack, workflow) => runAccessStory(await stack.driver('access', {}), world(workflow)),
  );

  let stepUp: StepUpService | undefined;
  story(
    'break-glass',
    `--break-glass → sign in again → runs at once → ${surface.words.breakGlassSeen} → acknowledged → audit`,
    async () => {
      stepUp = await startStepUpService(BREAK_GLASS_PEOPLE);
      return { policy: storyPolicy(surface.policySurface), stepUp: stepUp.port };
    },
    async (stack, workflow) => {
      assert.ok(stepUp);
      await stepUp.attach(workflow, stack.composed.redis);
      await runBreakGlassStory(await stack.driver('break-glass', { signIn: stepUp.signIn }), world(workflow));
    },
    async () => stepUp?.stop(),
  );

  const onCallClock = new ManualClock(Date.now());
  let service: OnCallService | undefined;
  story(
    'on-call',
    'off-call click refused → on-call click approves → executed; PagerDuty down → refused, pending; on-call requester auto-approved and audited',
    async () => {
      service = await startOnCallService();
      return {
        policy: onCallPolicy(surface.policySurface),
        clock: onCallClock,
        onCall: service.config,
        people: ON_CALL_PEOPLE,
      };
    },
    async (stack, workflow) => {
      assert.ok(service);
      await runOnCallStory(await stack.driver('on-call', {}), {
        ...world(workflow),
        service,
        clock: onCallClock,
      });
    },
    async () => service?.stop(),
  );
}
