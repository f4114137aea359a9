import assert from 'node:assert/strict';
import { eventually, type BotDriver, type StoryWorld } from './bot-driver.ts';

/** The policy of the escalation story on one surface: bob decides prod; after 10 minutes dave may too, in #security. */
export function escalationPolicy(surface: 'slack' | 'teams' | 'web'): string {
  return `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: escalation-story }
spec:
  defaults: { requestTTL: 1h, executeAs: countersign }
  approverGroups:
    sre-leads: { users: [bob] }
    backup: { users: [dave] }
  rules:
    - name: prod
      match: { namespaces: [prod-*] }
      outcome: require-approval
      approval:
        approverGroups: [sre-leads]
        channels: { ${surface}: ['#prod-approvals'] }
        escalation:
          - { after: 10m, approverGroups: [backup], channels: { ${surface}: ['#security'] } }
`;
}

/** The world of a story that waits: it moves the injected clock and makes the request's due timer run now. */
export interface WaitingWorld extends StoryWorld {
  /** Moves the clock by `ms` and makes the request's escalation job due now (BullMQ promote). */
  passTime(ms: number, requestId: string): Promise<void>;
}

/**
 * The escalation story on any surface: a request nobody answers; the backup may not
 * approve before the step is due; after 10 minutes the backup group's channel gets the
 * card, the first card and its thread say "escalated to backup"; the backup approves;
 * the action runs on the real cluster; the audit records the escalation and verifies.
 */
export async function runEscalationStory(driver: BotDriver, world: WaitingWorld): Promise<void> {
  const before = await world.replicas('prod-payments', 'api');
  const wanted = before + 1;
  const { requestId } = await driver.request(
    'alice',
    `scale deployment/api --replicas ${wanted} -n prod-payments --reason "nobody answers"`,
  );
  const first = await driver.nextCard('#prod-approvals');
  assert.equal(first.requestId, requestId);
  // The card is clicked where the ledger recorded it, which happens just after it is posted.
  await eventually('the card to be recorded', async () =>
    (await driver.cardCopies(requestId)).length > 0 ? true : undefined,
  );
  assert.match(await driver.approve('dave', requestId), /not in an approver group/);

  await world.passTime(10 * 60_000, requestId);
  const backupCard = await driver.nextCard('#security');
  assert.equal(backupCard.requestId, requestId, "the backup group's channel gets the card");
  assert.deepEqual([...backupCard.actions].sort(), ['approve', 'deny']);
  await eventually('the first card to say it was escalated', async () => {
    const copies = await driver.cardCopies(requestId);
    const original = copies.find((c) => c.where === '#prod-approvals');
    return original && /Escalated to backup/.test(original.text) ? original : undefined;
  });
  await eventually('the first thread to say it was escalated', async () => {
    const lines = await driver.threadLines(requestId, '#prod-approvals');
    return lines.some((l) => /Escalated to backup: no decision after 10m/.test(l)) ? lines : undefined;
  });

  assert.match(await driver.approve('dave', requestId), /You approved/);
  await eventually('the action to run on the cluster', async () =>
    (await world.replicas('prod-payments', 'api')) === wanted ? true : undefined,
  );
  const events = (await world.auditEvents(requestId)).map((r) => `${r.event.type}:${r.event.actor}`);
  for (const expected of ['escalated:countersign', 'approved:dave', 'executed:countersign']) {
    assert.ok(events.includes(expected), `audit has ${expected}: ${events.join(', ')}`);
  }
  assert.ok(events.indexOf('escalated:countersign') < events.indexOf('approved:dave'));
  const verdict = await world.verifyAudit();
  assert.equal(verdict.ok, true, JSON.stringify(verdict));
}
