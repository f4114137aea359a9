import assert from 'node:assert/strict';
import type { OnCallConfig } from '../../src/config/config.ts';
import type { LinkedPerson } from '../../src/core/identity/identity-table.ts';
import type { ManualClock } from '../../src/core/ports/clock.ts';
import { startFakePagerDuty, type FakePagerDuty } from '../fakes/fake-pagerduty/fake-pagerduty.ts';
import { eventually, type BotDriver, type StoryWorld } from './bot-driver.ts';

/** The PagerDuty schedule of the story. */
export const ON_CALL_SCHEDULE = 'PSCHED1';

/** How long Countersign reuses PagerDuty's answer in the story's stacks. */
const CACHE_TTL_MS = 60_000;

/** The PagerDuty users of the story, linked to Kubernetes usernames by the identity table's `people`. */
const PAGERDUTY_USERS = { alice: 'PALICE', bob: 'PBOB', carol: 'PCAROL' } as const;

/** The identity table's `people`: each story person's Kubernetes username linked to their PagerDuty user ID. */
export const ON_CALL_PEOPLE: readonly LinkedPerson[] = Object.entries(PAGERDUTY_USERS).map(
  ([username, id]) => ({ usernames: [username], pagerduty: [id] }),
);

/**
 * The policy of the on-call story on one surface: prod is approved by whoever is on
 * call for the PagerDuty schedule, in #prod-approvals; a requester who is on call for
 * it is approved by policy (the strictest matching rule wins, so the approval rule
 * names only requesters not on call).
 */
export function onCallPolicy(surface: 'slack' | 'teams' | 'web'): string {
  const schedule = `{ pagerduty: { scheduleId: ${ON_CALL_SCHEDULE} } }`;
  return `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: on-call-story }
spec:
  defaults: { requestTTL: 1h, executeAs: countersign }
  approverGroups:
    sre-oncall: { onCall: ${schedule} }
  rules:
    - name: on-call-shortcut
      match: { namespaces: [prod-*], requesters: { onCall: ${schedule} } }
      outcome: auto-approve
      approval:
        channels: { ${surface}: ['#prod-approvals'] }
    - name: prod
      match: { namespaces: [prod-*], requesters: { notOnCall: ${schedule} } }
      outcome: require-approval
      approval:
        approverGroups: [sre-oncall]
        channels: { ${surface}: ['#prod-approvals'] }
`;
}

/** A fake PagerDuty for a story's stack, and the settings that point the stack at it. */
export interface OnCallService {
  readonly fake: FakePagerDuty;
  /** The stack's `onCall` settings: this fake, answers reused for a minute. */
  readonly config: OnCallConfig;
  stop(): Promise<void>;
}

/** Starts a fake PagerDuty that knows the story's people; nobody is on call yet. */
export async function startOnCallService(): Promise<OnCallService> {
  const token = 'pd-story-token';
  const fake = await startFakePagerDuty({
    token,
    users: Object.fromEntries(
      Object.entries(PAGERDUTY_USERS).map(([name, id]) => [id, { name, email: `${name}@example.com` }]),
    ),
    oncalls: [],
  });
  return {
    fake,
    config: { pagerduty: { apiUrl: fake.url, token, timeoutMs: 2000 }, cacheTtlMs: CACHE_TTL_MS },
    stop: () => fake.stop(),
  };
}

/** What the on-call story does outside the chat: PagerDuty's shifts and health, and the stack's clock. */
export interface OnCallWorld extends StoryWorld {
  readonly service: OnCallService;
  /** The stack's clock; moved past the answer cache so the next check asks PagerDuty again. */
  readonly clock: ManualClock;
}

/** Makes `person` (alone) on call for the story's schedule, from now on, open-ended. */
function putOnCall(service: OnCallService, person: keyof typeof PAGERDUTY_USERS): void {
  service.fake.oncalls = [
    { userId: PAGERDUTY_USERS[person], scheduleId: ON_CALL_SCHEDULE, escalationPolicyId: 'PEP1' },
  ];
}

/** Files a prod scale by `person` to one more replica; resolves with the request and the replicas wanted. */
async function fileScale(driver: BotDriver, world: StoryWorld, person: string, reason: string) {
  const wanted = (await world.replicas('prod-payments', 'api')) + 1;
  const filed = await driver.request(
    person,
    `scale deployment/api --replicas ${wanted} -n prod-payments --reason "${reason}"`,
  );
  return { ...filed, wanted };
}

async function ranOnCluster(world: StoryWorld, wanted: number): Promise<void> {
  await eventually('the action to run on the cluster', async () =>
    (await world.replicas('prod-payments', 'api')) === wanted ? true : undefined,
  );
}

async function auditTrail(world: StoryWorld, requestId: string): Promise<string[]> {
  return (await world.auditEvents(requestId)).map((r) => `${r.event.type}:${r.event.actor}`);
}

/**
 * The on-call story on any surface, against a fake PagerDuty:
 * 1. bob is on call, carol is not: alice's request is refused to carol with a message
 *    naming the schedule she is not on call for, and nothing counts; bob's click
 *    approves; the scale runs on the cluster; the audit has the refusal and bob's approval.
 * 2. PagerDuty answers 503 once the cached answer has expired: bob's click is refused
 *    naming the schedule and the 503, the request stays pending and nothing runs; when
 *    PagerDuty answers again his click counts.
 * 3. alice is on call: her own request is approved by policy and runs; the audit's
 *    decision names the schedule and when it was checked.
 */
export async function runOnCallStory(driver: BotDriver, world: OnCallWorld): Promise<void> {
  const { service, clock } = world;
  const expireCache = () => clock.advance(CACHE_TTL_MS + 1);

  // 1. The on-call approver decides; someone off call cannot.
  putOnCall(service, 'bob');
  const first = await fileScale(driver, world, 'alice', 'on-call approves');
  const card = await driver.nextCard('#prod-approvals');
  assert.equal(card.requestId, first.requestId);
  assert.deepEqual([...card.actions].sort(), ['approve', 'deny']);
  await eventually('the card to be recorded', async () =>
    (await driver.cardCopies(first.requestId)).length > 0 ? true : undefined,
  );
  const offCall = await driver.approve('carol', first.requestId);
  assert.match(offCall, new RegExp(`not on call now for PagerDuty schedule ${ON_CALL_SCHEDULE}`));
  assert.match(offCall, /not counted/);
  assert.ok(
    !(await auditTrail(world, first.requestId)).includes('approved:carol'),
    "carol's click counts for nothing",
  );
  assert.match(await driver.approve('bob', first.requestId), /You approved/);
  await ranOnCluster(world, first.wanted);
  const trail = await auditTrail(world, first.requestId);
  for (const expected of ['refused:carol', 'approved:bob', 'executed:countersign']) {
    assert.ok(trail.includes(expected), `audit has ${expected}: ${trail.join(', ')}`);
  }
  assert.ok(!trail.includes('approved:carol'));

  // 2. PagerDuty cannot answer: the on-call approver's click fails closed.
  const second = await fileScale(driver, world, 'alice', 'pagerduty down');
  assert.equal((await driver.nextCard('#prod-approvals')).requestId, second.requestId);
  await eventually('the card to be recorded', async () =>
    (await driver.cardCopies(second.requestId)).length > 0 ? true : undefined,
  );
  expireCache();
  service.fake.failWith(503);
  try {
    const refused = await driver.approve('bob', second.requestId);
    assert.match(refused, /could not confirm you are on call/);
    assert.match(refused, new RegExp(`PagerDuty schedule ${ON_CALL_SCHEDULE} could not be checked.*503`));
    assert.match(refused, /not counted/);
  } finally {
    service.fake.failWith(undefined);
  }
  const waiting = await auditTrail(world, second.requestId);
  assert.ok(!waiting.includes('approved:bob'), `bob's click counts for nothing: ${waiting.join(', ')}`);
  assert.ok(waiting.includes('refused:bob'), `the refused click is audited: ${waiting.join(', ')}`);
  const stillOpen = (await driver.cardCopies(second.requestId)).every((c) => c.actions.includes('approve'));
  assert.ok(stillOpen, 'the request still waits for an approver');
  assert.equal(await world.replicas('prod-payments', 'api'), second.wanted - 1, 'nothing ran');
  assert.match(await driver.approve('bob', second.requestId), /You approved/, 'PagerDuty answers again');
  await ranOnCluster(world, second.wanted);

  // 3. The on-call requester is approved by policy, audited with the schedule and time.
  putOnCall(service, 'alice');
  expireCache();
  const checkedAt = new Date(clock.now()).toISOString();
  const third = await fileScale(driver, world, 'alice', 'incident: on call');
  await ranOnCluster(world, third.wanted);
  const events = await world.auditEvents(third.requestId);
  const decided = events.find((r) => r.event.type === 'decided')?.event;
  assert.equal(decided?.type === 'decided' && decided.details.outcome, 'auto-approve');
  assert.deepEqual(decided?.type === 'decided' && decided.details.requesterOnCall, [
    { schedule: `PagerDuty schedule ${ON_CALL_SCHEDULE}`, checkedAt },
  ]);
  const types = events.map((r) => r.event.type);
  assert.ok(!types.includes('approved'), `nobody approved: ${types.join(', ')}`);
  assert.ok(types.includes('executed'), `executed: ${types.join(', ')}`);
  const verdict = await world.verifyAudit();
  assert.equal(verdict.ok, true, JSON.stringify(verdict));
}
