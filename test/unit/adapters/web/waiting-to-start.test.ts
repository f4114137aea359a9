import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Notifier } from '../../../../src/core/ports/notifier.ts';
import { decideRequest } from '../../../../src/core/workflow/decide-request.ts';
import { submitRequest } from '../../../../src/core/workflow/submit-request.ts';
import { createProcessors } from '../../../../src/jobs/processors.ts';
import { people } from '../../core/workflow/workflow-harness.ts';
import { ConsoleClient, startConsoleFixture, type ConsoleFixture } from './console-fixture.ts';

const quiet: Notifier = {
  requestChanged: () => Promise.resolve(),
  grantExpiringSoon: () => Promise.resolve(),
  remindApprovers: () => Promise.resolve(),
};

/** The `<article>` of one request on a page, or undefined. */
function cardOn(page: string, id: string): string | undefined {
  return new RegExp(`<article\\b[^>]*data-request-id="${id}"[\\s\\S]*?</article>`).exec(page)?.[0];
}

describe('console: approved requests waiting for their start time', () => {
  let fx: ConsoleFixture;
  before(async () => {
    fx = await startConsoleFixture();
  });
  after(() => fx.stop());

  test('listed with the start time and Cancel for the requester, seen by approvers; Cancel is audited and nothing runs', async () => {
    const { deps, submission, queue, cluster, clock } = fx.workflow;
    const filed = await submitRequest(
      deps,
      submission('scale deployment/api --replicas 5 -n prod-payments --reason "window" --in 2h'),
    );
    for (const approver of [people.bob, people.carol])
      await decideRequest(deps, { requestId: filed.id, person: approver, verdict: 'approve' });
    assert.equal((await deps.store.get(filed.id))?.state, 'approved');
    const startIso = new Date(filed.startAt ?? 0).toISOString();

    const alice = new ConsoleClient(fx.url);
    await alice.signIn('alice@example.com');
    const mine = await (await alice.get('/mine')).text();
    const waiting = mine.slice(mine.indexOf('Approved, waiting to start'));
    const own = cardOn(waiting, filed.id);
    assert.ok(own, 'My requests lists it under "Approved, waiting to start"');
    assert.match(own, new RegExp(`<dt>Starts</dt>\\s*<dd>\\s*<time datetime="${startIso}" data-local>`));
    assert.match(own, /class="action action-cancel"/);

    const bob = new ConsoleClient(fx.url);
    await bob.signIn('bob@example.com');
    const approvals = await (await bob.get('/approvals')).text();
    const seen = cardOn(approvals.slice(approvals.indexOf('Approved, waiting to start')), filed.id);
    assert.ok(seen, "the approvers' page lists it too");
    assert.doesNotMatch(seen, /action-cancel/, 'only the requester may cancel');
    const refused = await bob.post(
      `/requests/${filed.id}/cancel`,
      { _csrf: await bob.csrf('/approvals') },
      { accept: 'application/json' },
    );
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { message: string }).message, /Only alice@example\.com/);

    const cancelled = await alice.post(
      `/requests/${filed.id}/cancel`,
      { _csrf: await alice.csrf('/mine') },
      { accept: 'application/json' },
    );
    assert.equal(cancelled.status, 200, await cancelled.clone().text());
    assert.equal((await deps.store.get(filed.id))?.state, 'cancelled');
    const events = (await deps.store.listEvents(filed.id)).map((r) => `${r.event.type}:${r.event.actor}`);
    assert.ok(events.includes('cancelled:alice@example.com'), events.join(', '));
    assert.equal(queue.find('execute-action', filed.id), undefined, 'the waiting run is removed');
    clock.set(filed.startAt ?? 0);
    const processors = createProcessors({ workflow: deps, notifier: quiet });
    await processors['execute-action'](
      { requestId: filed.id },
      { jobId: 'late', attempt: 1, maxAttempts: 3, finalAttempt: false, crashes: 0, abandon: false },
    ).catch(() => undefined);
    assert.ok(!cluster.calls.some((c) => c.startsWith('execute')), 'a late run does nothing');
    assert.equal((await deps.store.get(filed.id))?.state, 'cancelled');
    assert.equal(cardOn(await (await alice.get('/mine')).text(), filed.id), undefined, 'gone from the list');
  });
});
