import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UserFacingError } from '../../../src/core/errors.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import { ClusterTransientError } from '../../../src/core/ports/cluster-errors.ts';
import type { JobName, JobPayloads } from '../../../src/core/ports/job-queue.ts';
import type { Notifier } from '../../../src/core/ports/notifier.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { submitRequest } from '../../../src/core/workflow/submit-request.ts';
import type { JobContext } from '../../../src/jobs/job-context.ts';
import { createProcessors } from '../../../src/jobs/processors.ts';
import { people, POLICY, workflowFixture } from '../core/workflow/workflow-harness.ts';

const MINUTE = 60_000;
const restartText = 'restart deployment/web -n staging-web --reason deploy';
const accessText = 'access role/view -n staging-web --for 1h --reason debug';
const scaleText = 'scale deployment/api --replicas 5 -n prod-payments --reason load';

function context(overrides: Partial<JobContext> = {}): JobContext {
  return {
    jobId: 'job-1',
    attempt: 1,
    maxAttempts: 8,
    finalAttempt: false,
    crashes: 0,
    abandon: false,
    ...overrides,
  };
}

class CountingNotifier implements Notifier {
  readonly changed: RequestRecord[] = [];
  readonly reminded: RequestRecord[] = [];
  readonly nudged: RequestRecord[] = [];
  requestChanged(record: RequestRecord): Promise<void> {
    this.changed.push(record);
    return Promise.resolve();
  }
  grantExpiringSoon(record: RequestRecord): Promise<void> {
    this.reminded.push(record);
    return Promise.resolve();
  }
  remindApprovers(record: RequestRecord): Promise<void> {
    this.nudged.push(record);
    return Promise.resolve();
  }
}

function setup() {
  const fixture = workflowFixture();
  const notifier = new CountingNotifier();
  const processors = createProcessors({ workflow: fixture.deps, notifier });
  return { ...fixture, notifier, processors };
}

async function activeGrant(fixture: ReturnType<typeof setup>) {
  const { id } = await submitRequest(fixture.deps, fixture.submission(accessText));
  assert.deepEqual(await fixture.processors['create-grant']({ requestId: id }, context()), {
    outcome: 'done',
  });
  const record = await fixture.store.get(id);
  assert.equal(record?.state, 'active');
  return record as RequestRecord & { grant: NonNullable<RequestRecord['grant']> };
}

describe('processors', () => {
  test('every job name has a processor', () => {
    const { processors } = setup();
    const names: Record<JobName, true> = {
      'execute-action': true,
      'create-grant': true,
      'revoke-grant': true,
      'remind-expiry': true,
      'expire-request': true,
      'escalate-request': true,
      'remind-approvers': true,
      notify: true,
      'sweep-grants': true,
      'cluster-call': true,
    };
    assert.deepEqual(Object.keys(processors).sort(), Object.keys(names).sort());
  });

  test('execute-action runs the approved action once; a second run changes nothing', async () => {
    const { deps, processors, store, cluster, submission } = setup();
    const { id } = await submitRequest(deps, submission(restartText));
    assert.deepEqual(await processors['execute-action']({ requestId: id }, context()), { outcome: 'done' });
    assert.deepEqual(await processors['execute-action']({ requestId: id }, context()), {
      outcome: 'skipped',
    });
    assert.equal((await store.get(id))?.state, 'succeeded');
    assert.equal(cluster.calls.filter((c) => c.startsWith('execute')).length, 1);
  });

  test('a transient failure before the last attempt leaves the request running for the retry', async () => {
    const { deps, processors, store, cluster, submission } = setup();
    const { id } = await submitRequest(deps, submission(restartText));
    cluster.failNextExecute = new ClusterTransientError('connect ECONNREFUSED');
    await assert.rejects(
      processors['execute-action']({ requestId: id }, context({ attempt: 3 })),
      ClusterTransientError,
    );
    assert.equal((await store.get(id))?.state, 'executing');
  });

  test('a transient failure on the last attempt fails the request with a line fit to show, and rethrows', async () => {
    const { deps, processors, store, audit, cluster, submission } = setup();
    const { id } = await submitRequest(deps, submission(restartText));
    cluster.failNextExecute = new ClusterTransientError('GET /apis/apps/v1/...: upstream connect error', {
      status: 503,
    });
    const last = context({ jobId: `execute-action.${id}`, attempt: 8, finalAttempt: true });
    await assert.rejects(processors['execute-action']({ requestId: id }, last), ClusterTransientError);
    const record = await store.get(id);
    assert.equal(record?.state, 'failed');
    assert.match(
      record?.execution?.error ?? '',
      /gave up after 8 attempts: .*HTTP 503.*Reference: execute-action\.cs-/,
    );
    assert.doesNotMatch(record?.execution?.error ?? '', /upstream connect error/);
    assert.equal(
      audit.records.filter((r) => r.event.type === 'failed' && r.event.requestId === id).length,
      1,
    );
  });

  test('a user-facing refusal fails the request with its own message on any attempt', async () => {
    const { deps, processors, store, cluster, submission } = setup();
    const { id } = await submitRequest(deps, submission(restartText));
    cluster.failNextExecute = new UserFacingError('unknown_cluster', 'There is no cluster named "old".');
    await assert.rejects(processors['execute-action']({ requestId: id }, context()), UserFacingError);
    const record = await store.get(id);
    assert.equal(record?.state, 'failed');
    assert.equal(record?.execution?.error, 'There is no cluster named "old".');
  });

  test('an abandoned job fails its request without touching the cluster', async () => {
    const { deps, processors, store, cluster, submission } = setup();
    const { id } = await submitRequest(deps, submission(accessText));
    const outcome = await processors['create-grant'](
      { requestId: id },
      context({ crashes: 3, abandon: true, finalAttempt: true }),
    );
    assert.deepEqual(outcome, { outcome: 'abandoned' });
    assert.match((await store.get(id))?.execution?.error ?? '', /stopped with its worker 3 times/);
    assert.equal(cluster.calls.filter((c) => c.startsWith('createGrant')).length, 0);
  });

  test('revoke-grant run before the expiry the record holds asks to run again then; at expiry it ends the grant', async () => {
    const fixture = setup();
    const record = await activeGrant(fixture);
    const { processors, clock, store, cluster } = fixture;
    clock.advance(30 * MINUTE);
    assert.deepEqual(await processors['revoke-grant']({ requestId: record.id }, context()), {
      outcome: 'early',
      runAgainAt: record.grant.expiresAt,
    });
    clock.set(record.grant.expiresAt);
    assert.deepEqual(await processors['revoke-grant']({ requestId: record.id }, context()), {
      outcome: 'done',
    });
    assert.equal((await store.get(record.id))?.state, 'expired');
    assert.equal(cluster.bindings.size, 0);
    assert.deepEqual(await processors['revoke-grant']({ requestId: record.id }, context()), {
      outcome: 'skipped',
    });
  });

  test('remind-expiry reminds once the reminder time came, not before and not after the grant ended', async () => {
    const fixture = setup();
    const record = await activeGrant(fixture);
    const { processors, clock, notifier, deps } = fixture;
    const remindAt = record.grant.expiresAt - deps.remindBeforeMs;
    assert.deepEqual(await processors['remind-expiry']({ requestId: record.id }, context()), {
      outcome: 'early',
      runAgainAt: remindAt,
    });
    clock.set(remindAt);
    assert.deepEqual(await processors['remind-expiry']({ requestId: record.id }, context()), {
      outcome: 'done',
    });
    assert.equal(notifier.reminded.length, 1);
    clock.set(record.grant.expiresAt);
    assert.deepEqual(await processors['remind-expiry']({ requestId: record.id }, context()), {
      outcome: 'skipped',
    });
    assert.equal(notifier.reminded.length, 1);
  });

  test('expire-request fired before the deadline runs again at it, then expires the request', async () => {
    const { deps, processors, store, clock, submission } = setup();
    const pending = await submitRequest(
      deps,
      submission('scale deployment/api --replicas 5 -n prod-payments --reason load'),
    );
    const deadline = pending.decisionDeadline as number;
    clock.set(deadline - 5);
    assert.deepEqual(await processors['expire-request']({ requestId: pending.id }, context()), {
      outcome: 'early',
      runAgainAt: deadline,
    });
    clock.set(deadline);
    assert.deepEqual(await processors['expire-request']({ requestId: pending.id }, context()), {
      outcome: 'done',
    });
    assert.equal((await store.get(pending.id))?.state, 'expired');
  });

  test('notify sends the record as it is now; a request that is gone is skipped', async () => {
    const { deps, processors, notifier, submission } = setup();
    const record = await submitRequest(deps, submission(restartText));
    await processors['execute-action']({ requestId: record.id }, context());
    const payload: JobPayloads['notify'] = { requestId: record.id, version: record.version };
    const outcome = await processors.notify(payload, context());
    assert.equal(notifier.changed.at(-1)?.state, 'succeeded');
    assert.equal(outcome.details?.queuedVersion, record.version);
    assert.deepEqual(await processors.notify({ requestId: 'cs-aaaaaaaaaa', version: 1 }, context()), {
      outcome: 'skipped',
    });
  });

  test('notify tells each version once: a job that finds its version already told skips', async () => {
    const { deps, processors, notifier, submission } = setup();
    const record = await submitRequest(deps, submission(restartText));
    await processors['execute-action']({ requestId: record.id }, context());
    const succeeded = await deps.store.get(record.id);
    assert.equal(succeeded?.state, 'succeeded');
    // The approval queued a notification per version it passed through; the first to run tells the newest.
    const sentBefore = notifier.changed.length;
    const first = await processors.notify({ requestId: record.id, version: record.version }, context());
    assert.equal(first.outcome, 'done');
    assert.equal(notifier.changed.length, sentBefore + 1);
    const later = await processors.notify({ requestId: record.id, version: succeeded.version }, context());
    assert.deepEqual(later, {
      outcome: 'skipped',
      details: { queuedVersion: succeeded.version, toldVersion: succeeded.version },
    });
    assert.equal(notifier.changed.length, sentBefore + 1, 'the told version is not sent again');
    // A newer version is told again.
    await deps.store.compareAndSet({ ...succeeded, version: succeeded.version + 1 }, []);
    const next = await processors.notify({ requestId: record.id, version: succeeded.version + 1 }, context());
    assert.equal(next.outcome, 'done');
    assert.equal(notifier.changed.at(-1)?.version, succeeded.version + 1);
  });

  test('remind-approvers waits for the interval, nudges while pending, and ends with the decision', async () => {
    const fixture = setup();
    fixture.reloadPolicy(
      POLICY.replace(
        'approval: { approverGroups: [sre-leads], minApprovals: 2 }',
        'approval: { approverGroups: [sre-leads], minApprovals: 2, remindApproversEvery: 20m }',
      ),
    );
    const { deps, clock, processors, notifier, submission, queue } = fixture;
    const record = await submitRequest(deps, submission(scaleText));
    assert.equal(queue.find('remind-approvers', record.id)?.runAt, record.createdAt + 20 * MINUTE);
    assert.deepEqual(await processors['remind-approvers']({ requestId: record.id }, context()), {
      outcome: 'skipped',
      runAgainAt: record.createdAt + 20 * MINUTE,
    });
    clock.set(record.createdAt + 41 * MINUTE);
    assert.deepEqual(await processors['remind-approvers']({ requestId: record.id }, context()), {
      outcome: 'done',
    });
    assert.equal(notifier.nudged.length, 1, 'the next one (60m) would come as the request expires: none');
    clock.set(record.createdAt + 20 * MINUTE);
    await decideRequest(deps, { requestId: record.id, person: people.bob, verdict: 'deny', reason: 'no' });
    assert.equal(queue.find('remind-approvers', record.id), undefined);
    assert.deepEqual(await processors['remind-approvers']({ requestId: record.id }, context()), {
      outcome: 'skipped',
    });
    assert.equal(notifier.nudged.length, 1);
  });

  test('sweep-grants ends a grant whose timer was lost and reports it', async () => {
    const fixture = setup();
    const record = await activeGrant(fixture);
    fixture.clock.set(record.grant.expiresAt + 1);
    const outcome = await fixture.processors['sweep-grants']({}, context());
    assert.deepEqual(outcome.details, {
      removedBindings: 1,
      endedGrants: 0,
      escalated: 0,
      expiredRequests: 0,
      redispatched: 0,
    });
    assert.equal((await fixture.store.get(record.id))?.state, 'expired');
    assert.equal(fixture.audit.records.filter((r) => r.event.type === 'swept').length, 1);
  });
});
