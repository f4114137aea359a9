import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../../../../src/core/ports/clock.ts';
import { verifyChain } from '../../../../src/core/audit/verify-chain.ts';
import { ClusterPermanentError } from '../../../../src/core/ports/cluster-errors.ts';
import { cancelRequest } from '../../../../src/core/workflow/cancel-request.ts';
import { decideRequest } from '../../../../src/core/workflow/decide-request.ts';
import { endGrant, expireRequest } from '../../../../src/core/workflow/end-grant.ts';
import { grantAccess } from '../../../../src/core/workflow/grant-access.ts';
import { extendAccess, revokeAccess } from '../../../../src/core/workflow/manage-grant.ts';
import { redispatchStalled } from '../../../../src/core/workflow/redispatch-stalled.ts';
import { runAction } from '../../../../src/core/workflow/run-action.ts';
import { submitRequest } from '../../../../src/core/workflow/submit-request.ts';
import { sweepGrants } from '../../../../src/core/workflow/sweep-grants.ts';
import type { RecordingCluster } from '../../../fakes/recording-cluster.ts';
import { POLICY, people, workflowFixture } from './workflow-harness.ts';

const HOUR = 3_600_000;
const scaleText = 'scale deployment/api --replicas 5 -n prod-payments --reason "INC-4312 load"';
const accessText = 'access role/view -n prod-payments --for 4h --reason "debug INC-4312"';

describe('submitRequest', () => {
  test('files a pending request with its preview and schedules its TTL expiry', async () => {
    const { deps, queue, submission } = workflowFixture();
    const record = await submitRequest(deps, submission(scaleText));
    assert.equal(record.state, 'pending');
    assert.deepEqual(record.preview, ['scale api']);
    assert.deepEqual(record.target?.labels, { app: 'api' });
    assert.equal(queue.find('expire-request', record.id)?.runAt, record.createdAt + HOUR);
    assert.ok(queue.jobs.has(`notify.${record.id}.${record.version}`));
  });

  test('a missing target is an error and files nothing', async () => {
    const { deps, store, submission } = workflowFixture();
    await assert.rejects(
      submitRequest(deps, submission('delete pod/ghost -n prod-payments --reason gone')),
      (error: unknown) => error instanceof ClusterPermanentError && error.code === 'target_not_found',
    );
    assert.equal(store.records.size, 0);
  });

  test('an auto-approved request is queued for execution at once', async () => {
    const { deps, queue, submission } = workflowFixture();
    const record = await submitRequest(
      deps,
      submission('restart deployment/web -n staging-web --reason deploy'),
    );
    assert.equal(record.state, 'approved');
    assert.ok(queue.find('execute-action', record.id));
  });
});

describe('decideRequest', () => {
  test('the requester cannot approve; two distinct approvers approve once; a double click changes nothing', async () => {
    const { deps, queue, audit, submission } = workflowFixture();
    const { id } = await submitRequest(deps, submission(scaleText));
    await assert.rejects(decideRequest(deps, { requestId: id, person: people.alice, verdict: 'approve' }), {
      code: 'self_approval',
    });
    await assert.rejects(decideRequest(deps, { requestId: id, person: people.mallory, verdict: 'approve' }), {
      code: 'not_an_approver',
    });
    const first = await decideRequest(deps, { requestId: id, person: people.bob, verdict: 'approve' });
    assert.equal(first.record.state, 'pending');
    const again = await decideRequest(deps, { requestId: id, person: people.bob, verdict: 'approve' });
    assert.equal(again.changed, false);
    assert.equal(queue.find('execute-action', id), undefined);
    const second = await decideRequest(deps, { requestId: id, person: people.carol, verdict: 'approve' });
    assert.equal(second.record.state, 'approved');
    assert.ok(queue.find('execute-action', id));
    assert.equal(queue.find('expire-request', id), undefined);
    assert.deepEqual(
      second.record.approvals.map((a) => a.approver.username),
      ['bob@example.com', 'carol@example.com'],
    );
    assert.equal(verifyChain(audit.records).ok, true);
  });

  test('20 concurrent clicks by two approvers yield one approval each and one approved transition', async () => {
    const { deps, audit, submission } = workflowFixture();
    const { id } = await submitRequest(deps, submission(scaleText));
    const clicks = Array.from({ length: 20 }, (_, i) =>
      decideRequest(deps, { requestId: id, person: i % 2 ? people.bob : people.carol, verdict: 'approve' }),
    );
    const outcomes = await Promise.all(clicks);
    assert.equal(outcomes.filter((o) => o.changed).length, 2);
    const approvedEvents = audit.records.filter((r) => r.event.type === 'approved');
    assert.equal(approvedEvents.length, 2);
  });

  test('a click after the TTL expires the request instead of approving it', async () => {
    const { deps, clock, submission } = workflowFixture();
    const { id } = await submitRequest(deps, submission(scaleText));
    clock.advance(HOUR + 1);
    const outcome = await decideRequest(deps, { requestId: id, person: people.bob, verdict: 'approve' });
    assert.equal(outcome.record.state, 'expired');
  });
});

describe('job bodies', () => {
  test('runAction executes once as the requester and a rerun changes nothing', async () => {
    const { deps, cluster, submission } = workflowFixture();
    const { id } = await submitRequest(deps, submission(scaleText));
    await decideRequest(deps, { requestId: id, person: people.bob, verdict: 'approve' });
    await decideRequest(deps, { requestId: id, person: people.carol, verdict: 'approve' });
    assert.equal(await runAction(deps, id), 'done');
    assert.equal(await runAction(deps, id), 'skipped');
    assert.equal(cluster.calls.filter((c) => c.startsWith('execute')).length, 1);
    assert.match(
      cluster.calls.find((c) => c.startsWith('execute')) ?? '',
      /as requester for cs-\w+ uid uid$/,
    );
    assert.equal((await deps.store.get(id))?.state, 'succeeded');
  });

  test('a rollback runs pinned to the target UID and the revisions its card showed', async () => {
    const { deps, cluster, submission } = workflowFixture();
    const record = await submitRequest(
      deps,
      submission('rollback deployment/web -n staging-web --reason "bad release"'),
    );
    assert.deepEqual(record.rollback, { from: 3, to: 2 });
    assert.equal(await runAction(deps, record.id), 'done');
    assert.match(
      cluster.calls.find((c) => c.startsWith('execute')) ?? '',
      /^execute rollback web as \w+ for cs-\w+ uid uid revision 3 → 2$/,
    );
  });

  test("a target that changed since filing fails the request with the cluster's message", async () => {
    const { deps, cluster, submission } = workflowFixture();
    const { id } = await submitRequest(
      deps,
      submission('restart deployment/web -n staging-web --reason one'),
    );
    const message = 'Deployment web is not the object that was approved: it was deleted and recreated.';
    cluster.failNextExecute = new ClusterPermanentError('target_changed', message);
    await runAction(deps, id);
    const failed = await deps.store.get(id);
    assert.equal(failed?.state, 'failed');
    assert.equal(failed?.execution?.error, message);
  });

  test('a permanent refusal fails the request; a transient error is rethrown for a retry', async () => {
    const { deps, cluster, submission } = workflowFixture();
    const a = await submitRequest(deps, submission('restart deployment/web -n staging-web --reason one'));
    cluster.failNextExecute = new ClusterPermanentError('cluster_forbidden', 'forbidden: alice cannot patch');
    await runAction(deps, a.id);
    const failed = await deps.store.get(a.id);
    assert.equal(failed?.state, 'failed');
    assert.match(failed?.execution?.error ?? '', /forbidden/);

    const b = await submitRequest(deps, submission('restart deployment/web -n staging-web --reason two'));
    cluster.failNextExecute = new Error('ECONNREFUSED');
    await assert.rejects(runAction(deps, b.id), /ECONNREFUSED/);
    assert.equal((await deps.store.get(b.id))?.state, 'executing');
    assert.equal(await runAction(deps, b.id), 'done');
    const done = await deps.store.get(b.id);
    assert.equal(done?.state, 'succeeded');
    assert.equal(done?.execution?.attempts, 2);
  });

  test('expireRequest ends an undecided request only after its deadline', async () => {
    const { deps, clock, submission } = workflowFixture();
    const { id } = await submitRequest(deps, submission(scaleText));
    assert.equal(await expireRequest(deps, id), 'skipped');
    clock.advance(HOUR);
    assert.equal(await expireRequest(deps, id), 'done');
    assert.equal((await deps.store.get(id))?.state, 'expired');
  });
});

describe('grants', () => {
  async function activeGrant() {
    const fixture = workflowFixture();
    const { deps, clock, submission } = fixture;
    const { id } = await submitRequest(deps, submission(accessText));
    await decideRequest(deps, { requestId: id, person: people.bob, verdict: 'approve' });
    await decideRequest(deps, { requestId: id, person: people.carol, verdict: 'approve' });
    clock.advance(10 * 60_000);
    const grantedAt = clock.now();
    assert.equal(await grantAccess(deps, id), 'done');
    return { ...fixture, id, grantedAt };
  }

  test('the clock starts at the grant; revoke and reminder timers follow expiresAt', async () => {
    const { deps, queue, cluster, id, grantedAt } = await activeGrant();
    const record = await deps.store.get(id);
    assert.equal(record?.state, 'active');
    assert.equal(record?.grant?.expiresAt, grantedAt + 4 * HOUR);
    assert.equal(cluster.bindings.get(id)?.expiresAt, grantedAt + 4 * HOUR);
    assert.equal(queue.find('revoke-grant', id)?.runAt, grantedAt + 4 * HOUR);
    assert.equal(queue.find('remind-expiry', id)?.runAt, grantedAt + 4 * HOUR - 15 * 60_000);
  });

  test('extend moves the binding expiry and the timers; revoke removes binding and timers', async () => {
    const { deps, queue, cluster, id, grantedAt } = await activeGrant();
    await extendAccess(deps, id, people.bob, 3600);
    assert.equal(cluster.bindings.get(id)?.expiresAt, grantedAt + 5 * HOUR);
    assert.equal(queue.find('revoke-grant', id)?.runAt, grantedAt + 5 * HOUR);
    await assert.rejects(extendAccess(deps, id, people.bob, 4 * 3600), { code: 'max_duration_exceeded' });
    await assert.rejects(revokeAccess(deps, id, people.mallory), { code: 'not_allowed_to_revoke' });
    assert.ok(cluster.bindings.has(id));
    await revokeAccess(deps, id, people.alice);
    assert.equal(cluster.bindings.has(id), false);
    assert.equal((await deps.store.get(id))?.state, 'revoked');
    assert.equal(queue.find('revoke-grant', id), undefined);
    assert.equal(queue.find('remind-expiry', id), undefined);
  });

  test('the holder alone cannot extend beyond what approvers approved unless policy sets holderMayExtend', async () => {
    const { deps, cluster, id, grantedAt, reloadPolicy } = await activeGrant();
    await assert.rejects(extendAccess(deps, id, people.alice, 1800), { code: 'extension_needs_approval' });
    assert.equal(cluster.bindings.get(id)?.expiresAt, grantedAt + 4 * HOUR);
    reloadPolicy(POLICY.replace('minApprovals: 2 }', 'minApprovals: 2, holderMayExtend: true }'));
    await extendAccess(deps, id, people.alice, 1800);
    assert.equal(cluster.bindings.get(id)?.expiresAt, grantedAt + 4.5 * HOUR);
  });

  test('endGrant does nothing early and ends the grant at expiresAt', async () => {
    const { deps, clock, cluster, id } = await activeGrant();
    assert.equal(await endGrant(deps, id), 'skipped');
    assert.ok(cluster.bindings.has(id));
    clock.advance(4 * HOUR);
    assert.equal(await endGrant(deps, id), 'done');
    assert.equal(cluster.bindings.has(id), false);
    assert.equal((await deps.store.get(id))?.state, 'expired');
  });

  test('a revoke job that read the record before a concurrent extension leaves the extended grant in force', async () => {
    const { deps, clock, cluster, store, id, grantedAt } = await activeGrant();
    const expiresAt = grantedAt + 4 * HOUR;
    // The extension is decided by another process whose clock is a second behind the
    // worker's, and lands right after the revoke job's first read of the record.
    const serve = { ...deps, clock: new ManualClock(expiresAt - 1000) };
    let interleaved = false;
    const racingStore = new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'get') return Reflect.get(target, property, receiver) as unknown;
        return async (requestId: string) => {
          const record = await target.get(requestId);
          if (!interleaved) {
            interleaved = true;
            await extendAccess(serve, requestId, people.bob, 3600);
          }
          return record;
        };
      },
    });
    clock.set(expiresAt);
    await endGrant({ ...deps, store: racingStore }, id);
    assert.equal(interleaved, true);
    const record = await store.get(id);
    assert.equal(record?.state, 'active');
    assert.equal(record?.grant?.expiresAt, expiresAt + HOUR);
    assert.equal(
      cluster.bindings.get(id)?.expiresAt,
      expiresAt + HOUR,
      'the extended binding is still there',
    );
    clock.set(expiresAt + HOUR);
    assert.equal(await endGrant(deps, id), 'done');
    assert.equal(cluster.bindings.has(id), false);
    assert.equal((await store.get(id))?.state, 'expired');
  });

  test('a sweep that listed a binding before a concurrent extension leaves the extended grant in force', async () => {
    const { deps, clock, cluster, store, id, grantedAt } = await activeGrant();
    const expiresAt = grantedAt + 4 * HOUR;
    const serve = { ...deps, clock: new ManualClock(expiresAt - 1000) };
    const racingCluster = Object.assign(Object.create(cluster) as RecordingCluster, {
      listManagedBindings: async () => {
        const listed = await cluster.listManagedBindings();
        await extendAccess(serve, id, people.bob, 3600);
        return listed;
      },
    });
    clock.set(expiresAt);
    assert.deepEqual(await sweepGrants({ ...deps, cluster: racingCluster }), {
      removedBindings: 0,
      endedGrants: 0,
      unreachableClusters: [],
    });
    assert.equal((await store.get(id))?.state, 'active');
    assert.equal(cluster.bindings.get(id)?.expiresAt, expiresAt + HOUR);
  });

  test('a revoke job re-run after the record expired still deletes the binding', async () => {
    const { deps, clock, cluster, queue, id, grantedAt } = await activeGrant();
    clock.set(grantedAt + 4 * HOUR);
    const failing = Object.assign(Object.create(cluster) as RecordingCluster, {
      deleteGrant: () => Promise.reject(new Error('apiserver unreachable')),
    });
    await assert.rejects(endGrant({ ...deps, cluster: failing }, id), /apiserver unreachable/);
    assert.ok(cluster.bindings.has(id));
    assert.equal(await endGrant(deps, id), 'skipped');
    assert.equal(cluster.bindings.has(id), false);
    assert.equal((await deps.store.get(id))?.state, 'expired');
    assert.equal(queue.find('revoke-grant', id), undefined);
  });

  test('the sweep removes an expired binding whose timer was lost, and audits it', async () => {
    const { deps, clock, cluster, queue, audit, id } = await activeGrant();
    queue.jobs.clear();
    cluster.bindings.set('cs-orphanorph', {
      requestId: 'cs-orphanorph',
      namespace: 'prod-payments',
      bindingName: 'countersign-cs-orphanorph',
      roleRef: { kind: 'ClusterRole', name: 'edit' },
    });
    clock.advance(4 * HOUR + 1);
    const report = await sweepGrants(deps);
    assert.deepEqual(report, { removedBindings: 2, endedGrants: 0, unreachableClusters: [] });
    assert.equal(cluster.bindings.size, 0);
    assert.equal((await deps.store.get(id))?.state, 'expired');
    const swept = audit.records.filter((r) => r.event.type === 'swept').map((r) => r.event.requestId);
    assert.deepEqual(swept.sort(), ['cs-orphanorph', id].sort());
    assert.equal(verifyChain(audit.records).ok, true);
  });

  test('two sweeps that overlap audit each removed binding once', async () => {
    const { deps, clock, cluster, queue, audit, id } = await activeGrant();
    queue.jobs.clear();
    cluster.bindings.set('cs-orphanorph', {
      requestId: 'cs-orphanorph',
      namespace: 'prod-payments',
      bindingName: 'countersign-cs-orphanorph',
      roleRef: { kind: 'ClusterRole', name: 'edit' },
    });
    clock.advance(4 * HOUR + 1);
    // Both sweeps list the bindings before either deletes one: what a sweep that outlives
    // its interval and the next one do on the revocation queue.
    const reports = await Promise.all([sweepGrants(deps), sweepGrants(deps)]);
    assert.equal(
      reports.reduce((sum, r) => sum + r.removedBindings, 0),
      2,
      'each binding deleted once',
    );
    assert.equal(cluster.bindings.size, 0);
    const swept = audit.records.filter((r) => r.event.type === 'swept').map((r) => r.event.requestId);
    assert.deepEqual(swept.sort(), ['cs-orphanorph', id].sort());
  });

  test('cancel is for the requester of a pending request only', async () => {
    const { deps, submission } = workflowFixture();
    const { id } = await submitRequest(deps, submission(scaleText));
    await assert.rejects(cancelRequest(deps, id, people.bob), { code: 'not_the_requester' });
    const outcome = await cancelRequest(deps, id, people.alice);
    assert.equal(outcome.record.state, 'cancelled');
  });
});

describe('policy is law at every step', () => {
  const freeze = (policy: string) =>
    policy.replace(
      '  rules:\n',
      `  rules:
    - name: change-freeze
      match: { namespaces: ['*'] }
      outcome: deny
      reason: Change freeze for the quarter close
`,
    );
  const window = (policy: string) =>
    policy
      .replace(
        'match: { namespaces: [prod-*] }',
        "match: { namespaces: [prod-*], schedule: { timeZone: UTC, within: [{ from: '09:00', to: '10:30' }] } }",
      )
      .replace(
        'match: { namespaces: [staging-*] }',
        "match: { namespaces: [staging-*], schedule: { timeZone: UTC, within: [{ from: '09:00', to: '10:30' }] } }",
      );

  function stoppedByPolicy(audit: ReturnType<typeof workflowFixture>['audit'], id: string) {
    const denied = audit.records.filter((r) => r.event.requestId === id && r.event.type === 'denied');
    assert.equal(denied.length, 1);
    assert.equal(denied[0]?.event.actor, 'countersign');
    return String((denied[0]?.event.details as { reason: string }).reason);
  }

  test('a change freeze loaded after filing stops a pending request at the next Approve click', async () => {
    const { deps, audit, queue, submission, reloadPolicy } = workflowFixture();
    const { id } = await submitRequest(deps, submission(scaleText));
    await decideRequest(deps, { requestId: id, person: people.bob, verdict: 'approve' });
    reloadPolicy(freeze(POLICY));
    await assert.rejects(
      decideRequest(deps, { requestId: id, person: people.carol, verdict: 'approve' }),
      (error: Error & { code?: string }) =>
        error.code === 'policy_denies' && /Change freeze for the quarter close/.test(error.message),
    );
    const record = await deps.store.get(id);
    assert.equal(record?.state, 'denied');
    assert.equal(record?.denial?.by, 'policy');
    assert.equal(record?.approvals.length, 1);
    assert.match(
      stoppedByPolicy(audit, id),
      /Policy no longer allows this request: denied by rule change-freeze: Change freeze/,
    );
    assert.equal(queue.find('expire-request', id), undefined);
    assert.equal(queue.find('execute-action', id), undefined);
  });

  test('a change freeze loaded after approval stops the queued action before it runs', async () => {
    const { deps, audit, cluster, queue, submission, reloadPolicy } = workflowFixture();
    const { id } = await submitRequest(deps, submission(scaleText));
    await decideRequest(deps, { requestId: id, person: people.bob, verdict: 'approve' });
    await decideRequest(deps, { requestId: id, person: people.carol, verdict: 'approve' });
    assert.ok(queue.find('execute-action', id));
    reloadPolicy(freeze(POLICY));
    assert.equal(await runAction(deps, id), 'skipped');
    assert.equal(cluster.calls.filter((c) => c.startsWith('execute')).length, 0);
    assert.equal((await deps.store.get(id))?.state, 'denied');
    assert.match(stoppedByPolicy(audit, id), /Change freeze for the quarter close/);
  });

  test('a change freeze stops an approved grant before its binding is created, and refuses an extension', async () => {
    const { deps, cluster, submission, reloadPolicy, clock } = workflowFixture();
    const { id } = await submitRequest(deps, submission(accessText));
    await decideRequest(deps, { requestId: id, person: people.bob, verdict: 'approve' });
    await decideRequest(deps, { requestId: id, person: people.carol, verdict: 'approve' });
    const other = await submitRequest(deps, submission(accessText));
    await decideRequest(deps, { requestId: other.id, person: people.bob, verdict: 'approve' });
    await decideRequest(deps, { requestId: other.id, person: people.carol, verdict: 'approve' });
    assert.equal(await grantAccess(deps, other.id), 'done');
    reloadPolicy(freeze(POLICY));
    assert.equal(await grantAccess(deps, id), 'skipped');
    assert.equal(cluster.bindings.has(id), false);
    assert.equal((await deps.store.get(id))?.state, 'denied');
    clock.advance(60_000);
    await assert.rejects(extendAccess(deps, other.id, people.alice, 3600), { code: 'policy_denies' });
    assert.equal((await deps.store.get(other.id))?.grant?.extensions.length, 0);
  });

  test('a time window that closes stops the pending click and the queued run (injected clock)', async () => {
    const { deps, audit, cluster, clock, submission, reloadPolicy } = workflowFixture();
    reloadPolicy(window(POLICY));
    const pending = await submitRequest(deps, submission(scaleText));
    const queued = await submitRequest(
      deps,
      submission('scale deployment/web --replicas 2 -n staging-web --reason "load"'),
    );
    assert.equal(pending.state, 'pending');
    assert.equal(queued.state, 'approved');
    clock.advance(45 * 60_000);
    await assert.rejects(
      decideRequest(deps, { requestId: pending.id, person: people.bob, verdict: 'approve' }),
      { code: 'policy_denies' },
    );
    assert.equal(await runAction(deps, queued.id), 'skipped');
    assert.equal(cluster.calls.filter((c) => c.startsWith('execute')).length, 0);
    assert.match(stoppedByPolicy(audit, pending.id), /no policy rule matches/);
    assert.match(stoppedByPolicy(audit, queued.id), /no policy rule matches/);
  });

  test('while policy still allows it, a request runs as before', async () => {
    const { deps, cluster, clock, submission, reloadPolicy } = workflowFixture();
    reloadPolicy(window(POLICY));
    const { id } = await submitRequest(
      deps,
      submission('scale deployment/web --replicas 2 -n staging-web --reason "load"'),
    );
    clock.advance(20 * 60_000);
    assert.equal(await runAction(deps, id), 'done');
    assert.equal(cluster.calls.filter((c) => c.startsWith('execute')).length, 1);
  });
});

describe('redispatchStalled', () => {
  test('an approved request whose job was lost gets it back after a minute; a live one is left alone', async () => {
    const { deps, clock, queue, submission } = workflowFixture();
    const { id } = await submitRequest(
      deps,
      submission('restart deployment/web -n staging-web --reason lost'),
    );
    queue.jobs.clear();
    assert.equal(await redispatchStalled(deps), 0, 'not stalled yet');
    assert.equal(queue.find('execute-action', id), undefined);
    clock.advance(61_000);
    assert.equal(await redispatchStalled(deps), 1);
    assert.ok(queue.find('execute-action', id));
    await runAction(deps, id);
    clock.advance(61_000);
    assert.equal(await redispatchStalled(deps), 0, 'a finished request is not in flight');
  });
});
