import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { BullmqJobQueue, SWEEP_SCHEDULER_ID } from '../../../src/adapters/queue/bullmq-job-queue.ts';
import { BullmqWorker, type WorkerSettings } from '../../../src/adapters/queue/bullmq-worker.ts';
import { laneQueueName } from '../../../src/adapters/queue/job-lanes.ts';
import { createRedis } from '../../../src/adapters/store/create-redis.ts';
import { ClusterPermanentError, ClusterTransientError } from '../../../src/core/ports/cluster-errors.ts';
import type { JobName } from '../../../src/core/ports/job-queue.ts';
import type { JobContext, JobOutcome } from '../../../src/jobs/job-context.ts';
import type { Processors } from '../../../src/jobs/processors.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';

const silent = pino({ level: 'silent' });
let server: RedisServer;
let redis: Redis;
const open: { close(): Promise<void> }[] = [];
/** Ends the runs a test leaves hanging on purpose. */
const abandoned = new AbortController();

before(async () => {
  server = await startRedis();
  redis = createRedis(server.url);
});

after(async () => {
  abandoned.abort();
  for (const item of open.reverse()) await item.close();
  await redis.quit();
  await server.stop();
});

type Handler = (payload: { requestId?: string }, context: JobContext) => Promise<JobOutcome>;

/** A fresh queue and the settings its workers use, and processors that all call `handler` and log each run. */
function queueFixture(handler: Handler, overrides: Partial<WorkerSettings> = {}) {
  const settings: WorkerSettings = {
    queueName: `q-${randomBytes(4).toString('hex')}`,
    prefix: 'cs-test',
    retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 200 },
    concurrency: 4,
    lockDurationMs: 1000,
    stalledIntervalMs: 500,
    shutdownGraceMs: 2000,
    ...overrides,
  };
  const runs: { name: JobName; context: JobContext; at: number }[] = [];
  const names: JobName[] = [
    'execute-action',
    'create-grant',
    'revoke-grant',
    'remind-expiry',
    'expire-request',
    'escalate-request',
    'remind-approvers',
    'notify',
    'sweep-grants',
  ];
  const processors = Object.fromEntries(
    names.map((name) => [
      name,
      (payload: { requestId?: string }, context: JobContext) => {
        runs.push({ name, context, at: Date.now() });
        return handler(payload, context);
      },
    ]),
  ) as unknown as Processors;
  const queue = new BullmqJobQueue(redis, settings);
  open.push(queue);
  const startWorker = async () => {
    const worker = await BullmqWorker.start(server.url, processors, settings, silent);
    open.push(worker);
    return worker;
  };
  return { settings, queue, runs, startWorker };
}

/**
 * A fixture whose jobs with an ID `held` accepts run until `release()` is called; the
 * others complete at once.
 */
function holdingFixture(held: (jobId: string) => boolean, overrides: Partial<WorkerSettings>) {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const fixture = queueFixture(async (_payload, context) => {
    if (held(context.jobId)) await released;
    return { outcome: 'done' };
  }, overrides);
  return { ...fixture, release };
}

async function eventually(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const done = (): Promise<JobOutcome> => Promise.resolve({ outcome: 'done' });
const payload = { requestId: 'cs-aaaaaaaaaa' };

describe('BullmqJobQueue', () => {
  test('one job per ID: a second enqueue is ignored, also after the first completed', async () => {
    const { queue, runs, startWorker } = queueFixture(done);
    await queue.enqueue('execute-action', payload);
    await queue.enqueue('execute-action', payload);
    assert.equal((await queue.counts()).waiting, 1, 'the second enqueue added nothing');
    const worker = await startWorker();
    await eventually(
      'the job to complete',
      async () => (await queue.state('execute-action', payload)) === 'completed',
    );
    await worker.close();
    await queue.enqueue('execute-action', payload);
    const counts = await queue.counts();
    assert.equal(counts.waiting + counts.delayed + counts.prioritized, 0, 'nothing queued after completion');
    assert.equal(runs.length, 1);
    assert.equal(runs[0]?.context.jobId, 'execute-action.cs-aaaaaaaaaa');
    assert.equal((await queue.counts()).completed, 1);
  });

  test('delayed jobs are due at runAt; reschedule moves a delayed job and re-adds a finished one; remove ignores missing jobs', async () => {
    const { queue } = queueFixture(done);
    const runAt = Date.now() + 60_000;
    await queue.enqueue('revoke-grant', payload, { runAt });
    assert.equal(await queue.state('revoke-grant', payload), 'delayed');
    assert.ok(Math.abs(((await queue.dueAt('revoke-grant', payload)) ?? 0) - runAt) <= 5);
    await queue.reschedule('revoke-grant', payload, runAt + 3_600_000);
    assert.ok(Math.abs(((await queue.dueAt('revoke-grant', payload)) ?? 0) - (runAt + 3_600_000)) <= 5);
    assert.equal((await queue.counts()).delayed, 1);
    await queue.remove('revoke-grant', payload);
    assert.equal(await queue.state('revoke-grant', payload), undefined);
    await queue.remove('revoke-grant', payload);
    await queue.reschedule('remind-expiry', payload, runAt);
    assert.ok(Math.abs(((await queue.dueAt('remind-expiry', payload)) ?? 0) - runAt) <= 5);
  });

  test('reschedule of a job that already ran schedules it again', async () => {
    const { queue, runs, startWorker } = queueFixture(done);
    await startWorker();
    await queue.enqueue('remind-expiry', payload);
    await eventually('the first run', () => runs.length === 1);
    await eventually('completion', async () => (await queue.state('remind-expiry', payload)) === 'completed');
    await queue.reschedule('remind-expiry', payload, Date.now() + 200);
    await eventually('the second run', () => runs.length === 2);
  });

  test('remove and reschedule of a running job do not fail, and a job may remove itself', async () => {
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const fixture = queueFixture(async (_payload, context) => {
      if (context.jobId.startsWith('revoke-grant')) await fixture.queue.remove('revoke-grant', payload);
      else await released;
      return { outcome: 'done' };
    });
    const { queue, startWorker } = fixture;
    await startWorker();
    await queue.enqueue('create-grant', payload);
    await eventually('the job to run', async () => (await queue.state('create-grant', payload)) === 'active');
    await queue.remove('create-grant', payload);
    assert.equal(await queue.state('create-grant', payload), 'active');
    await queue.reschedule('create-grant', payload, Date.now() + 60_000);
    release();
    await eventually('completion', async () => (await queue.state('create-grant', payload)) === 'completed');
    await queue.enqueue('revoke-grant', payload);
    await eventually(
      'the self-removing job to complete',
      async () => (await queue.state('revoke-grant', payload)) === 'completed',
    );
  });

  test('transient failures are retried with backoff; the processor is told which attempt is the last', async () => {
    const { queue, runs, startWorker } = queueFixture((_payload, context) =>
      context.attempt < 3 ? Promise.reject(new ClusterTransientError('down')) : done(),
    );
    await startWorker();
    await queue.enqueue('execute-action', payload);
    await eventually(
      'completion',
      async () => (await queue.state('execute-action', payload)) === 'completed',
    );
    assert.deepEqual(
      runs.map((r) => [r.context.attempt, r.context.finalAttempt]),
      [
        [1, false],
        [2, false],
        [3, true],
      ],
    );
    const gaps = runs.slice(1).map((r, i) => r.at - (runs[i]?.at ?? 0));
    assert.ok(
      gaps.every((gap) => gap >= 35),
      `retries waited ${gaps.join(', ')} ms`,
    );
  });

  test('a permanent failure is not retried; a transient one fails after the last attempt', async () => {
    const permanent = queueFixture(() =>
      Promise.reject(new ClusterPermanentError('cluster_forbidden', 'forbidden')),
    );
    await permanent.startWorker();
    await permanent.queue.enqueue('execute-action', payload);
    await eventually(
      'failure',
      async () => (await permanent.queue.state('execute-action', payload)) === 'failed',
    );
    const transient = queueFixture(() => Promise.reject(new ClusterTransientError('down')));
    await transient.startWorker();
    await transient.queue.enqueue('create-grant', payload);
    await eventually(
      'failure',
      async () => (await transient.queue.state('create-grant', payload)) === 'failed',
    );
    assert.equal(permanent.runs.length, 1);
    assert.equal(transient.runs.length, 3);
    assert.equal((await transient.queue.counts()).failed, 1);
  });

  test('a processor asking to run again later runs again then, without using an attempt', async () => {
    let first = 0;
    const { queue, runs, startWorker } = queueFixture(() => {
      if (first === 0) {
        first = Date.now() + 400;
        return Promise.resolve({ outcome: 'early', runAgainAt: first });
      }
      return done();
    });
    await startWorker();
    await queue.enqueue('revoke-grant', payload);
    await eventually('completion', async () => (await queue.state('revoke-grant', payload)) === 'completed');
    assert.equal(runs.length, 2);
    assert.ok((runs[1]?.at ?? 0) >= first - 5, 'ran again no earlier than asked');
    assert.equal(runs[1]?.context.attempt, 1);
  });

  test('actions and grants run while notifications hold every notification slot', async () => {
    const { queue, runs, startWorker, release } = holdingFixture((jobId) => jobId.startsWith('notify.'), {
      concurrency: 4,
    });
    try {
      await startWorker();
      // WORKER_CONCURRENCY 4 gives notifications one slot of their own.
      await queue.enqueue('notify', { requestId: 'cs-blocker', version: 1 });
      await eventually('the blocking notification to hold the notification slot', () => runs.length === 1);
      for (let i = 0; i < 5; i++) await queue.enqueue('notify', { requestId: `cs-notify${i}`, version: 1 });
      await queue.enqueue('create-grant', { requestId: 'cs-grant0' });
      await queue.enqueue('execute-action', { requestId: 'cs-action0' });
      await eventually(
        'the grant and the action to complete while the notification is held',
        async () =>
          (await queue.state('create-grant', { requestId: 'cs-grant0' })) === 'completed' &&
          (await queue.state('execute-action', { requestId: 'cs-action0' })) === 'completed',
      );
      const counts = await queue.counts();
      assert.equal(counts.active, 1, 'one notification runs at a time');
      assert.equal(counts.waiting + counts.prioritized, 5, 'the other notifications wait for it');
    } finally {
      release();
    }
    await eventually('every job to run', () => runs.length === 8);
    assert.deepEqual(
      runs.slice(3).map((run) => run.name),
      ['notify', 'notify', 'notify', 'notify', 'notify'],
    );
  });

  test("a notification waits for the process's running action, then runs", async () => {
    const { queue, runs, startWorker, release } = holdingFixture(
      (jobId) => jobId.startsWith('execute-action.'),
      { notifyHoldMs: 600_000 },
    );
    try {
      await startWorker();
      await queue.enqueue('execute-action', { requestId: 'cs-action0' });
      await eventually('the action to run', () => runs.length === 1);
      await queue.enqueue('notify', { requestId: 'cs-action0', version: 2 });
      await eventually(
        'a worker to take the notification',
        async () => (await queue.state('notify', { requestId: 'cs-action0', version: 2 })) === 'active',
      );
      assert.deepEqual(
        runs.map((run) => run.name),
        ['execute-action'],
        'the notification has not started while the action runs',
      );
    } finally {
      release();
    }
    await eventually('the notification to run', () => runs.length === 2);
    assert.equal(runs[1]?.name, 'notify');
    assert.equal(await queue.state('execute-action', { requestId: 'cs-action0' }), 'completed');
  });

  test('a notification held longer than notifyHoldMs runs beside a running action', async () => {
    const { queue, runs, startWorker, release } = holdingFixture(
      (jobId) => jobId.startsWith('execute-action.'),
      { notifyHoldMs: 0 },
    );
    try {
      await startWorker();
      await queue.enqueue('execute-action', { requestId: 'cs-action1' });
      await eventually('the action to run', () => runs.length === 1);
      await queue.enqueue('notify', { requestId: 'cs-action1', version: 2 });
      await eventually('the notification to run while the action is held', () => runs.length === 2);
      assert.equal(await queue.state('execute-action', { requestId: 'cs-action1' }), 'active');
    } finally {
      release();
    }
  });

  test('a revocation due now runs while every action and notification slot is taken', async () => {
    const { queue, runs, startWorker, release } = holdingFixture(
      (jobId) => !jobId.startsWith('revoke-grant'),
      { concurrency: 2, revocationConcurrency: 1 },
    );
    try {
      await startWorker();
      for (let i = 0; i < 3; i++) await queue.enqueue('execute-action', { requestId: `cs-action${i}` });
      for (let i = 0; i < 3; i++) await queue.enqueue('notify', { requestId: `cs-notify${i}`, version: 1 });
      await eventually(
        'held jobs to fill both action slots and the notification slot',
        () => runs.length === 3,
      );
      await queue.enqueue('revoke-grant', { requestId: 'cs-revoke0' }, { runAt: Date.now() });
      await queue.enqueue('revoke-grant', { requestId: 'cs-revoke1' });
      await eventually(
        'both revocations to complete',
        async () =>
          (await queue.state('revoke-grant', { requestId: 'cs-revoke0' })) === 'completed' &&
          (await queue.state('revoke-grant', { requestId: 'cs-revoke1' })) === 'completed',
      );
      const counts = await queue.counts();
      assert.equal(counts.active, 3, 'the held jobs still hold their slots');
      assert.equal(counts.waiting + counts.prioritized, 3, 'the other actions and notifications still wait');
      assert.deepEqual(
        runs.slice(3).map((run) => run.name),
        ['revoke-grant', 'revoke-grant'],
      );
      assert.deepEqual(
        runs
          .slice(0, 3)
          .map((run) => run.name)
          .sort(),
        ['execute-action', 'execute-action', 'notify'],
      );
    } finally {
      release();
    }
    await eventually('every job to run', () => runs.length === 8);
  });

  test('the sweep has one schedule however many processes set it up, with the latest interval', async () => {
    const { queue, settings, runs, startWorker } = queueFixture(done);
    const other = new BullmqJobQueue(redis, settings);
    open.push(other);
    await queue.scheduleSweep(60_000);
    await other.scheduleSweep(300);
    await other.scheduleSweep(300);
    const bare = new Queue(laneQueueName(settings.queueName, 'revocation'), {
      connection: redis,
      prefix: settings.prefix,
    });
    open.push(bare);
    const schedulers = await bare.getJobSchedulers();
    assert.deepEqual(
      schedulers.map((s) => [s.key, s.name, s.every]),
      [[SWEEP_SCHEDULER_ID, 'sweep-grants', 300]],
      'one scheduler, at the interval set last',
    );
    const pending = async () =>
      (await bare.getJobs(['delayed', 'waiting'])).filter((j) => j.name === 'sweep-grants');
    assert.equal((await pending()).length, 1, 'one sweep waiting for its turn');
    await startWorker();
    await startWorker();
    // A deadline that only catches a hang: on a loaded 2-core machine two 300 ms sweeps took over 10 s.
    await eventually(
      'two sweeps to run',
      () => runs.filter((r) => r.name === 'sweep-grants').length >= 2,
      60_000,
    );
    assert.equal((await bare.getJobSchedulers()).length, 1);
    assert.ok((await pending()).length <= 1, 'never two sweeps queued at once');
  });
});

describe('BullmqWorker.close', () => {
  test('lets a job in flight finish before it resolves', async () => {
    const { queue, startWorker } = queueFixture(async () => {
      await sleep(500);
      return { outcome: 'done' };
    });
    const worker = await startWorker();
    await queue.enqueue('execute-action', payload);
    await eventually(
      'the job to run',
      async () => (await queue.state('execute-action', payload)) === 'active',
    );
    await worker.close();
    assert.equal(await queue.state('execute-action', payload), 'completed');
  });

  test('hands a job that outlives the grace period back to another worker', async () => {
    let calls = 0;
    const { queue, runs, startWorker } = queueFixture(
      async () => {
        calls += 1;
        if (calls === 1) await sleep(60_000, undefined, { signal: abandoned.signal }).catch(() => undefined);
        return { outcome: 'done' };
      },
      { shutdownGraceMs: 300 },
    );
    const first = await startWorker();
    await queue.enqueue('execute-action', payload);
    await eventually('the job to run', () => runs.length === 1);
    const closing = Date.now();
    await first.close();
    // A deadline only to catch close waiting for the job, which would take 60 s.
    assert.ok(Date.now() - closing < 30_000, 'close returned without waiting for the job');
    await startWorker();
    await eventually(
      'the job to be taken over',
      async () => (await queue.state('execute-action', payload)) === 'completed',
    );
    assert.equal(runs.length, 2);
    assert.equal(runs[1]?.context.crashes, 1);
  });
});
