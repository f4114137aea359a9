import assert from 'node:assert/strict';
import { eventually, type BotDriver, type CardCopy, type StoryWorld } from './bot-driver.ts';

/** The people of the story, for the identity provider that signs them in again. */
export const BREAK_GLASS_PEOPLE = ['alice', 'bob', 'carol'] as const;

/**
 * The break-glass story on any surface: alice types a `--break-glass` scale under
 * INC-4312, is sent to sign in again and does; it runs at once on the real cluster
 * with nobody's approval; its card reaches the security channel (on the console: the
 * security reviewer's Approvals page) and, where cards go to channels, the approval
 * and incident channels, each saying it ran without approval and offering Acknowledge;
 * alice may not acknowledge her own run; bob does, and every copy says so and offers
 * nothing more; the thread says each step once; the audit records the step-up, the
 * break-glass run, the execution and the review, and verifies.
 */
export async function runBreakGlassStory(driver: BotDriver, world: StoryWorld): Promise<void> {
  const before = await world.replicas('prod-payments', 'api');
  const wanted = before + 3;
  const { requestId, reply } = await driver.breakGlass(
    'alice',
    `scale deployment/api --replicas ${wanted} -n prod-payments --incident INC-4312 --break-glass --reason "site down"`,
  );
  assert.match(reply, new RegExp(`Break-glass .*\\(${requestId}\\) runs now under INC-4312`));
  await eventually('the break-glass run on the cluster', async () =>
    (await world.replicas('prod-payments', 'api')) === wanted ? true : undefined,
  );

  const channels = driver.cardsInChannels ? ['#security', '#prod-approvals', '#inc-4312'] : ['#security'];
  for (const channel of channels) {
    const card = await driver.nextCard(channel);
    assert.equal(card.requestId, requestId, `the card reached ${channel}`);
    assert.ok(
      card.actions.includes('acknowledge'),
      `${channel}'s card offers Acknowledge: ${card.actions.join()}`,
    );
    assert.match(card.text, /Break-glass under INC-4312: ran without approval, review pending/);
  }
  const recorded = (copies: CardCopy[]) => channels.every((c) => copies.some((copy) => copy.where === c));
  await eventually('every copy to be recorded', async () =>
    recorded(await driver.cardCopies(requestId)) ? true : undefined,
  );

  assert.match(await driver.acknowledge('alice', requestId), /you cannot acknowledge it/);
  assert.match(await driver.acknowledge('bob', requestId), /You acknowledged the break-glass run/);
  const copies = await eventually('every copy to say bob acknowledged it', async () => {
    const all = await driver.cardCopies(requestId);
    return recorded(all) &&
      all.every((c) => /acknowledged by bob/.test(c.text) && !c.actions.includes('acknowledge'))
      ? all
      : undefined;
  });
  for (const copy of copies) {
    const lines = await eventually(`the thread in ${copy.where}`, async () => {
      const got = await driver.threadLines(requestId, copy.where);
      return got.some((l) => /acknowledged by bob/.test(l)) ? got : undefined;
    });
    for (const once of [
      /BREAK-GLASS by alice(?: \((?:<@U[A-Z0-9]+>|<at>alice<\/at>)\))? under INC-4312/,
      /^Executed/,
      /acknowledged by bob/,
    ]) {
      assert.equal(
        lines.filter((l) => once.test(l)).length,
        1,
        `one line ${once} in ${copy.where}: ${lines.join(' | ')}`,
      );
    }
    assert.ok(!lines.some((l) => /acknowledged by alice/.test(l)), lines.join(' | '));
  }

  const events = (await world.auditEvents(requestId)).map((r) => `${r.event.type}:${r.event.actor}`);
  for (const expected of [
    'step-up:alice',
    'submitted:alice',
    'break-glass:alice',
    'executed:countersign',
    'break-glass-reviewed:bob',
  ]) {
    assert.ok(events.includes(expected), `audit has ${expected}: ${events.join(', ')}`);
  }
  assert.ok(!events.some((e) => e.startsWith('approved:')), `nobody approved it: ${events.join(', ')}`);
  assert.equal(events.filter((e) => e.startsWith('break-glass-reviewed:')).length, 1);
  const verdict = await world.verifyAudit();
  assert.equal(verdict.ok, true, JSON.stringify(verdict));
}
