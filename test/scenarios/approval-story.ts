import assert from 'node:assert/strict';
import { eventually, type BotDriver, type StoryWorld } from './bot-driver.ts';

/** The names the story uses; each driver maps them to its surface's people and channels. */
export const STORY = {
  requester: 'alice',
  approvers: ['bob', 'carol'] as const,
  approvalChannel: '#prod-approvals',
  incidentChannel: '#inc-4312',
} as const;

/**
 * The whole approval story, on any surface: a request, its card in the channel
 * policy picked (and the incident's), the requester's own approval refused, two
 * approvals by distinct people, the action executed on the real cluster, every copy
 * of the card (one on the console, which has no channels) and its thread brought up to date, the requester told, and the audit
 * chain intact with every step in it.
 */
export async function runApprovalStory(driver: BotDriver, world: StoryWorld): Promise<void> {
  const before = await world.replicas('prod-payments', 'api');
  const wanted = before + 2;
  const { requestId, reply } = await driver.request(
    STORY.requester,
    `scale deployment/api --replicas ${wanted} -n prod-payments --incident INC-4312 --reason "INC-4312 load"`,
  );
  assert.match(reply, new RegExp(requestId));
  assert.match(reply, /(Waiting for|0 of) 2 approvals/);

  const card = await driver.nextCard(STORY.approvalChannel);
  assert.equal(card.requestId, requestId, 'the card went to the channel policy picked');
  assert.deepEqual([...card.actions].sort(), ['approve', 'deny']);
  assert.match(card.text, new RegExp(`${before} → ${wanted}`), 'the card shows the dry-run preview');
  if (driver.cardsInChannels) {
    const incidentCard = await driver.nextCard(STORY.incidentChannel);
    assert.equal(incidentCard.requestId, requestId, 'the incident channel gets its copy');
  }

  const refusal = await driver.approve(STORY.requester, requestId);
  assert.match(refusal, /cannot approve/);

  const [first, second] = STORY.approvers;
  assert.match(await driver.approve(first, requestId), /1 of 2/);
  assert.match(await driver.approve(first, requestId), /already recorded/);
  assert.equal(await world.replicas('prod-payments', 'api'), before, 'one approval runs nothing');
  assert.match(await driver.approve(second, requestId), /You approved/);

  await eventually('the action to run on the cluster', async () =>
    (await world.replicas('prod-payments', 'api')) === wanted ? true : undefined,
  );

  const copies = await eventually('every card copy to say it is done', async () => {
    const all = await driver.cardCopies(requestId);
    return all.length === (driver.cardsInChannels ? 2 : 1) &&
      all.every((c) => /Done/.test(c.text) && c.actions.length === 0)
      ? all
      : undefined;
  });
  for (const copy of copies) {
    assert.match(copy.text, /Approved by bob/);
    assert.match(copy.text, /Approved by carol/);
    const lines = await eventually(`the thread in ${copy.where}`, async () => {
      const got = await driver.threadLines(requestId, copy.where);
      return got.some((l) => /^Executed/.test(l)) ? got : undefined;
    });
    assert.equal(lines.filter((l) => /Approved by bob/.test(l)).length, 1);
    assert.equal(lines.filter((l) => /Approved by carol/.test(l)).length, 1);
    assert.equal(lines.filter((l) => /^Executed/.test(l)).length, 1);
    assert.ok(!lines.some((l) => /alice/.test(l) && /Approved/.test(l)), 'the refused click left no line');
  }

  const told = await eventually('the requester to hear it ran', async () => {
    const dms = await driver.directMessages(STORY.requester, requestId);
    return dms.some((d) => /Executed/.test(d)) ? dms : undefined;
  });
  assert.equal(told.filter((d) => /Approved by/.test(d)).length, 2);

  const events = (await world.auditEvents(requestId)).map((r) => `${r.event.type}:${r.event.actor}`);
  for (const expected of [
    'submitted:alice',
    'decided:countersign',
    'approved:bob',
    'approved:carol',
    'executed:countersign',
  ]) {
    assert.ok(events.includes(expected), `audit has ${expected}: ${events.join(', ')}`);
  }
  assert.ok(!events.includes('approved:alice'));
  const verdict = await world.verifyAudit();
  assert.equal(verdict.ok, true, JSON.stringify(verdict));
}
