import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditEvent } from '../../../src/core/audit/audit-event.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { clickCard, messageText, submitView, typeCommand } from './slack-gestures.ts';
import { CHANNELS, PEOPLE, startSlackStack, type SlackStack } from './slack-stack.ts';

let cp: ControlPlane;
let redis: RedisServer;
let stack: SlackStack;

before(async () => {
  [cp, redis] = await Promise.all([startControlPlane({ seed: true }), startRedis()]);
  stack = await startSlackStack({ cp, redis, worker: true });
});

after(async () => {
  await stack?.stop();
  await Promise.all([cp?.stop(), redis?.stop()]);
});

async function chain(): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  for await (const record of stack.workflow.audit.readAll()) events.push(record.event);
  return events;
}

/** Polls the audit chain until an event matches (the click is acked before it is handled). */
async function audited(what: string, match: (e: AuditEvent) => boolean): Promise<AuditEvent> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = (await chain()).find(match);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`no audit event for ${what}: ${JSON.stringify(await chain())}`);
    await sleep(50);
  }
}

const slackId = (userId: string) => ({ platform: 'slack', userId });

describe('the audit records refused clicks, who acted from which Slack ID, and the identity actions ran as (issue 15 item 16)', () => {
  test('self-approval, a non-approver and a stale click are refused and audited; approvals and execution carry Slack IDs and the identity used', async () => {
    const filed = await typeCommand(
      stack,
      PEOPLE.alice.id,
      'restart deployment/api -n prod-payments --reason "audit me"',
    );
    const id = /cs-[a-z0-9]{10}/.exec(JSON.stringify((await filed.reply()).body))?.[0] ?? '';
    assert.ok(id);
    const card = await stack.fake.nextMessage(
      (m) => m.channel === CHANNELS.prod.id && !m.threadTs && messageText(m).includes(id),
      20_000,
    );
    const submitted = (await chain()).find((e) => e.requestId === id && e.type === 'submitted');
    assert.deepEqual(submitted?.actorId, slackId(PEOPLE.alice.id));

    await clickCard(stack, PEOPLE.alice.id, 'countersign:approve', card, id);
    const self = await audited(
      'self-approval',
      (e) => e.requestId === id && e.type === 'refused' && e.actor === 'alice',
    );
    assert.deepEqual(self.actorId, slackId(PEOPLE.alice.id));
    assert.equal(self.type === 'refused' && self.details.action, 'approve');
    assert.match(self.type === 'refused' ? self.details.code : '', /self_approval/);

    await clickCard(stack, PEOPLE.mallory.id, 'countersign:approve', card, id);
    const stranger = await audited(
      'non-approver',
      (e) => e.requestId === id && e.type === 'refused' && e.actor === 'mallory',
    );
    assert.deepEqual(stranger.actorId, slackId(PEOPLE.mallory.id));
    assert.match(stranger.type === 'refused' ? stranger.details.code : '', /not_an_approver/);
    assert.equal((await stack.workflow.store.get(id))?.state, 'pending');

    await clickCard(stack, PEOPLE.bob.id, 'countersign:approve', card, id);
    await clickCard(stack, PEOPLE.carol.id, 'countersign:approve', card, id);
    const ran = await audited(
      'execution',
      (e) => e.requestId === id && (e.type === 'executed' || e.type === 'failed'),
    );
    assert.deepEqual((ran.details as { executedAs?: unknown }).executedAs, { kind: 'countersign' });
    const approvals = (await chain()).filter((e) => e.requestId === id && e.type === 'approved');
    assert.deepEqual(
      approvals.map((e) => [e.actor, e.actorId]),
      [
        ['bob', slackId(PEOPLE.bob.id)],
        ['carol', slackId(PEOPLE.carol.id)],
      ],
    );

    // A Deny sent after the request ran is stale: refused, and audited.
    await submitView(
      stack,
      PEOPLE.bob.id,
      'countersign:deny',
      { reason: { reason: { type: 'plain_text_input', value: 'too late' } } },
      id,
    );
    const stale = await audited(
      'stale click',
      (e) => e.requestId === id && e.type === 'refused' && e.actor === 'bob',
    );
    assert.equal(stale.type === 'refused' && stale.details.action, 'deny');
    assert.deepEqual(stale.actorId, slackId(PEOPLE.bob.id));
    assert.match(stale.type === 'refused' ? stale.details.reason : '', new RegExp(`Request ${id} `));
  });
});
