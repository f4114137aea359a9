import assert from 'node:assert/strict';
import type { BullmqJobQueue } from '../../src/adapters/queue/bullmq-job-queue.ts';
import type { ManualClock } from '../../src/core/ports/clock.ts';
import type { RequestStore } from '../../src/core/ports/request-store.ts';
import { eventually, type BotDriver, type StoryWorld } from './bot-driver.ts';

/** The world of a scheduled-start story: it sets the injected clock and runs the request's waiting job. */
export interface ScheduledWorld extends StoryWorld {
  /**
   * Sets the clock to `at`, makes the request's waiting execute-action job due now
   * (BullMQ promote) and resolves once that run has finished: back to waiting for the
   * start time, or the request has left `approved`.
   */
  runWaitingJobAt(at: number, requestId: string): Promise<void>;
}

/**
 * The scheduled-start story on any surface: a scale filed with `--in 2h` shows its
 * start on the card, is approved at once by two people, and runs nothing before the
 * start (a run an hour early puts itself back to wait); at the start time it runs on
 * the real cluster, and the audit says it was submitted for that start and executed.
 */
export async function runScheduledStartStory(driver: BotDriver, world: ScheduledWorld): Promise<void> {
  const before = await world.replicas('prod-payments', 'api');
  const wanted = before + 1;
  const { requestId } = await driver.request(
    'alice',
    `scale deployment/api --replicas ${wanted} -n prod-payments --reason "maintenance window" --in 2h`,
  );
  const card = await driver.nextCard('#prod-approvals');
  assert.equal(card.requestId, requestId);
  assert.match(card.text, /Starts/, 'the card shows the start time');
  await eventually('the card to be recorded', async () =>
    (await driver.cardCopies(requestId)).length > 0 ? true : undefined,
  );
  const submitted = (await world.auditEvents(requestId)).find((r) => r.event.type === 'submitted');
  const startIso = submitted?.event.type === 'submitted' ? submitted.event.details.startAt : undefined;
  assert.ok(startIso, 'the submitted event records the start time');
  const startAt = Date.parse(startIso);

  assert.match(await driver.approve('bob', requestId), /1 of 2/);
  assert.match(await driver.approve('carol', requestId), /You approved/);
  await eventually('the card to say approved, waiting', async () => {
    const copies = await driver.cardCopies(requestId);
    return copies.length > 0 && copies.every((c) => /Approved/.test(c.text) && /Starts/.test(c.text))
      ? true
      : undefined;
  });

  await world.runWaitingJobAt(startAt - 60 * 60_000, requestId);
  assert.equal(await world.replicas('prod-payments', 'api'), before, 'nothing runs before the start time');
  const early = (await world.auditEvents(requestId)).map((r) => r.event.type);
  assert.ok(!early.includes('executed'), `no execution yet: ${early.join(', ')}`);

  await world.runWaitingJobAt(startAt, requestId);
  await eventually('the action to run on the cluster at the start', async () =>
    (await world.replicas('prod-payments', 'api')) === wanted ? true : undefined,
  );
  const events = (await world.auditEvents(requestId)).map((r) => `${r.event.type}:${r.event.actor}`);
  for (const expected of ['submitted:alice', 'approved:bob', 'approved:carol', 'executed:countersign']) {
    assert.ok(events.includes(expected), `audit has ${expected}: ${events.join(', ')}`);
  }
  const verdict = await world.verifyAudit();
  assert.equal(verdict.ok, true, JSON.stringify(verdict));
}

/**
 * {@link ScheduledWorld.runWaitingJobAt} for a stack's BullMQ queue, store and manual
 * clock: the same on every surface.
 */
export function waitingJobRunner(
  queue: Pick<BullmqJobQueue, 'promote' | 'dueAt'>,
  store: Pick<RequestStore, 'get'>,
  clock: ManualClock,
): ScheduledWorld['runWaitingJobAt'] {
  return async (at, requestId) => {
    clock.set(at);
    assert.equal(await queue.promote('execute-action', { requestId }), true, 'the run waits for its start');
    await eventually('the promoted run to finish', async () =>
      (await queue.dueAt('execute-action', { requestId })) !== undefined ||
      (await store.get(requestId))?.state !== 'approved'
        ? true
        : undefined,
    );
  };
}
