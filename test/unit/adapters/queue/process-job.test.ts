import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { processJob } from '../../../../src/adapters/queue/process-job.ts';
import { ClusterPermanentError, ClusterTransientError } from '../../../../src/core/ports/cluster-errors.ts';
import type { JobContext, JobOutcome } from '../../../../src/jobs/job-context.ts';
import type { Processors } from '../../../../src/jobs/processors.ts';

interface FakeJob {
  name: string;
  id: string;
  data: unknown;
  opts: { attempts: number };
  attemptsMade: number;
  stalledCounter: number;
  delayedTo?: number;
  moveToDelayed(at: number, token: string): Promise<void>;
}

function fakeJob(fields: Partial<FakeJob> = {}): FakeJob {
  const job: FakeJob = {
    name: 'execute-action',
    id: 'execute-action.cs-aaaaaaaaaa',
    data: { requestId: 'cs-aaaaaaaaaa' },
    opts: { attempts: 5 },
    attemptsMade: 0,
    stalledCounter: 0,
    moveToDelayed(at) {
      job.delayedTo = at;
      return Promise.resolve();
    },
    ...fields,
  };
  return job;
}

/** Processors that record the context they saw and answer with `answer`. */
function recording(answer: (context: JobContext) => Promise<JobOutcome>) {
  const seen: JobContext[] = [];
  const run = (_payload: unknown, context: JobContext) => {
    seen.push(context);
    return answer(context);
  };
  const processors = Object.fromEntries(
    [
      'execute-action',
      'create-grant',
      'revoke-grant',
      'remind-expiry',
      'expire-request',
      'notify',
      'sweep-grants',
    ].map((n) => [n, run]),
  ) as unknown as Processors;
  return { seen, processors };
}

const run = (processors: Processors, job: FakeJob, maxCrashes = 3) =>
  processJob(processors, maxCrashes)(job as unknown as Job, 'token');

describe('processJob', () => {
  test('builds the context from the job: attempt, last attempt, crashes', async () => {
    const { seen, processors } = recording(() => Promise.resolve({ outcome: 'done' }));
    assert.deepEqual(await run(processors, fakeJob()), { outcome: 'done' });
    await run(processors, fakeJob({ attemptsMade: 4, stalledCounter: 1 }));
    await run(processors, fakeJob({ stalledCounter: 3 }));
    assert.deepEqual(seen[0], {
      jobId: 'execute-action.cs-aaaaaaaaaa',
      attempt: 1,
      maxAttempts: 5,
      finalAttempt: false,
      crashes: 0,
      abandon: false,
    });
    assert.deepEqual(
      [seen[1]?.attempt, seen[1]?.finalAttempt, seen[1]?.crashes, seen[1]?.abandon],
      [5, true, 1, false],
    );
    assert.deepEqual([seen[2]?.finalAttempt, seen[2]?.abandon], [true, true]);
  });

  test('a transient failure before the last attempt is rethrown as is, for BullMQ to retry with backoff', async () => {
    const failure = new ClusterTransientError('down');
    const { processors } = recording(() => Promise.reject(failure));
    await assert.rejects(run(processors, fakeJob({ attemptsMade: 1 })), (error) => error === failure);
  });

  test('a permanent failure, or any failure on the last attempt, stops retries', async () => {
    const permanent = recording(() =>
      Promise.reject(new ClusterPermanentError('cluster_forbidden', 'forbidden')),
    );
    await assert.rejects(run(permanent.processors, fakeJob()), UnrecoverableError);
    const transient = recording(() => Promise.reject(new ClusterTransientError('down')));
    await assert.rejects(run(transient.processors, fakeJob({ attemptsMade: 4 })), UnrecoverableError);
  });

  test('asking to run again later moves the job to delayed without using an attempt', async () => {
    const at = Date.now() + 60_000;
    const { processors } = recording(() => Promise.resolve({ outcome: 'early', runAgainAt: at }));
    const job = fakeJob({ name: 'revoke-grant' });
    await assert.rejects(run(processors, job), DelayedError);
    assert.equal(job.delayedTo, at);
  });

  test('a job name without a processor fails for good', async () => {
    const { processors } = recording(() => Promise.resolve({ outcome: 'done' }));
    await assert.rejects(run(processors, fakeJob({ name: 'mine-bitcoin' })), UnrecoverableError);
  });
});
