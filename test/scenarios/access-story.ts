import assert from 'node:assert/strict';
import { formatCardTime } from '../../src/core/cards/format-time.ts';
import { eventually, type BotDriver, type CardCopy, type ClusterWorld } from './bot-driver.ts';

const HOUR = 3_600_000;

const CARD_TIME = /\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)? UTC/g;

/**
 * True when a card shows `end` as a reader in UTC reads it: to the second (Slack, the
 * console) or rounded up to the minute (Teams), never earlier than it is.
 */
function showsEnd(text: string, end: number): boolean {
  return [...text.matchAll(CARD_TIME)].some(([shown = '']) => {
    const at = Date.parse(`${shown.replace(' ', 'T').replace(' UTC', '')}Z`);
    return at >= end && at - end < 60_000;
  });
}

/** `text` as a pattern matching itself literally. */
function literally(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/** Every copy of the request's card once `done` holds for each (one on every surface: the story names one channel). */
function everyCopy(driver: BotDriver, requestId: string, what: string, done: (copy: CardCopy) => boolean) {
  return eventually(`every card copy to ${what}`, async () => {
    const copies = await driver.cardCopies(requestId);
    return copies.length === 1 && copies.every(done) ? copies : undefined;
  });
}

/**
 * The access story on any surface: alice asks for `view` in prod-payments for 30m; her
 * own approval is refused; two approvals grant it, and a RoleBinding for alice to
 * ClusterRole view appears on the real API server (read as its admin) with the end
 * the card shows; alice alone may not extend beyond what was approved, an approver
 * may, and the binding's end, the card, the thread and alice's DMs all say the new
 * end; alice revokes it, the binding is gone from the cluster, the card says
 * "Revoked" (not that it expired or ended on schedule), every thread line and DM came
 * once, and the audit chain verifies with every step in it.
 */
export async function runAccessStory(driver: BotDriver, world: ClusterWorld): Promise<void> {
  const { requestId, reply } = await driver.request(
    'alice',
    'access role/view -n prod-payments --for 30m --reason "debug INC-4312"',
  );
  assert.match(reply, /(Waiting for|0 of) 2 approvals/);
  const binding = `countersign-${requestId}`;
  const card = await driver.nextCard('#prod-approvals');
  assert.equal(card.requestId, requestId, 'the card went to the channel policy picked');
  assert.deepEqual([...card.actions].sort(), ['approve', 'deny']);
  await everyCopy(driver, requestId, 'be recorded', () => true);

  assert.match(await driver.approve('alice', requestId), /cannot approve/);
  assert.match(await driver.approve('bob', requestId), /1 of 2/);
  assert.equal(await world.binding('prod-payments', binding), undefined, 'one approval grants nothing');
  assert.match(await driver.approve('carol', requestId), /You approved/);

  const granted = await eventually('the RoleBinding on the cluster', () =>
    world.binding('prod-payments', binding),
  );
  assert.equal(granted.role, 'ClusterRole/view');
  assert.deepEqual(granted.subjects, ['User/alice']);
  const firstEnd = Date.parse(granted.expiresAt);
  assert.ok(Number.isFinite(firstEnd), `the binding says when it ends: ${granted.expiresAt}`);
  await everyCopy(
    driver,
    requestId,
    `offer Extend and Revoke until ${formatCardTime(firstEnd)}`,
    (c) => [...c.actions].sort().join() === 'extend,revoke' && showsEnd(c.text, firstEnd),
  );

  await eventually('alice to be told of her grant', async () =>
    (await driver.directMessages('alice', requestId)).some((d) =>
      /Granted until|Access granted until/.test(d),
    )
      ? true
      : undefined,
  );
  const refused = await driver.extend('alice', requestId, '1h');
  assert.match(
    refused,
    /Ask an approver \(sre-leads\)/,
    'the holder alone may not go past what was approved',
  );
  assert.equal(
    (await world.binding('prod-payments', binding))?.expiresAt,
    granted.expiresAt,
    'a refused extension moves nothing',
  );
  const newEnd = firstEnd + HOUR;
  const at = formatCardTime(newEnd);
  assert.match(await driver.extend('bob', requestId, '1h'), literally(`now lasts until ${at}`));
  await eventually('the binding to end an hour later', async () =>
    Date.parse((await world.binding('prod-payments', binding))?.expiresAt ?? '') === newEnd
      ? true
      : undefined,
  );
  const [extended] = await everyCopy(driver, requestId, `say it lasts until ${at}`, (c) =>
    showsEnd(c.text, newEnd),
  );
  assert.ok(extended);
  // Slack and Teams put bob's mention beside his username; the console names him alone.
  const extendedLine = new RegExp(
    `Extended by bob(?: \\((?:<@U[A-Z0-9]+>|<at>bob</at>)\\))? until ${literally(at).source}`,
  );
  const toldExtended = await eventually('alice to hear of the extension', async () => {
    const dms = await driver.directMessages('alice', requestId);
    return dms.some((d) => extendedLine.test(d)) ? dms : undefined;
  });
  assert.equal(toldExtended.filter((d) => extendedLine.test(d)).length, 1);

  assert.match(await driver.revoke('alice', requestId), /you revoked/);
  await eventually('the RoleBinding to be gone from the cluster', async () =>
    (await world.binding('prod-payments', binding)) === undefined ? true : undefined,
  );
  const [revoked] = await everyCopy(
    driver,
    requestId,
    'say it was revoked',
    (c) => /Revoked/.test(c.text) && c.actions.length === 0,
  );
  assert.ok(revoked);
  assert.doesNotMatch(
    revoked.text,
    /Expired|Access ended|Granted until/,
    'revoked early, not ended on schedule',
  );
  assert.match(revoked.text, /Revoked by alice/);

  const lines = await eventually('the thread to say it was revoked', async () => {
    const got = await driver.threadLines(requestId, extended.where);
    return got.some((l) => /Revoked by alice/.test(l)) ? got : undefined;
  });
  for (const once of [
    /Approved by bob/,
    /Approved by carol/,
    /Access granted until/,
    extendedLine,
    /Revoked by alice/,
  ]) {
    assert.equal(
      lines.filter((l) => once.test(l)).length,
      1,
      `one thread line ${once}: ${lines.join(' | ')}`,
    );
  }
  assert.ok(!lines.some((l) => /Extended by alice|Expired|ended on schedule/.test(l)), lines.join(' | '));
  const dms = await eventually("alice's grant card to say it was revoked", async () => {
    const got = await driver.directMessages('alice', requestId);
    return got.some((d) => /Revoked by alice/.test(d)) ? got : undefined;
  });
  assert.equal(dms.filter((d) => extendedLine.test(d)).length, 1, 'the extension was told once');

  const events = (await world.auditEvents(requestId)).map((r) => `${r.event.type}:${r.event.actor}`);
  for (const expected of [
    'submitted:alice',
    'approved:bob',
    'approved:carol',
    'extended:bob',
    'revoked:alice',
  ]) {
    assert.ok(events.includes(expected), `audit has ${expected}: ${events.join(', ')}`);
  }
  assert.ok(
    events.some((e) => e.startsWith('granted:')),
    `audit has the grant: ${events.join(', ')}`,
  );
  assert.ok(!events.includes('extended:alice') && !events.includes('approved:alice'));
  assert.ok(!events.some((e) => /^(grant-expired|expired|swept):/.test(e)), events.join(', '));
  const verdict = await world.verifyAudit();
  assert.equal(verdict.ok, true, JSON.stringify(verdict));
}
