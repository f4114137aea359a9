import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AdaptiveCard } from '../../../../src/adapters/teams/render/adaptive-card.ts';
import { renderCard } from '../../../../src/adapters/teams/render/render-card.ts';
import { renderThreadLine } from '../../../../src/adapters/teams/render/render-thread-line.ts';
import { personText, type NamedPerson } from '../../../../src/core/cards/person-text.ts';
import { validateAdaptiveCard } from '../../../fakes/fake-teams/validate-adaptive-card.ts';
import { pendingCard } from '../slack/card-fixtures.ts';

const BOB_ID = '0b0b0000-aaaa-4bbb-8ccc-000000000002';
const CAROL_ID = '0c0c0000-aaaa-4bbb-8ccc-000000000003';
const onTeams = (username: string, id: string): NamedPerson => ({
  username,
  chat: { platform: 'teams', platformUserId: id },
});
const bob = onTeams('bob@example.com', BOB_ID);
const BOB_TAG = '<at>bob@example.com</at>';

const lineOf = (card: AdaptiveCard): string => (card.body[0] as { text: string }).text;
const tagsOf = (card: AdaptiveCard): string[] => JSON.stringify(card.body).match(/<at>.*?<\/at>/g) ?? [];

/** The card passes the fake Bot Connector's checks, mentions included. */
const accepted = (card: AdaptiveCard): AdaptiveCard => {
  assert.deepEqual(validateAdaptiveCard(card), [], 'Teams accepts the card and its mentions');
  return card;
};

void describe('Teams mentions beside usernames', () => {
  void test('a person who acted from Teams: username, their mention beside it, one entity with their Entra ID', () => {
    const card = accepted(renderThreadLine(personText`Denied by ${bob}: not now`));
    assert.equal(lineOf(card), `Denied by bob@example.com (${BOB_TAG}): not now`);
    assert.deepEqual(card.msteams, {
      entities: [{ type: 'mention', text: BOB_TAG, mentioned: { id: BOB_ID, name: 'bob@example.com' } }],
    });
    assert.equal(
      card.fallbackText,
      'Denied by bob@example.com: not now',
      'notifications name the username alone',
    );
  });

  void test('anyone not known on Teams is named by username alone, with no entity', () => {
    const others: NamedPerson[] = [
      { username: 'bob@example.com' },
      { username: 'bob@example.com', chat: { platform: 'slack', platformUserId: 'UBOB000001' } },
      { username: 'bob@example.com', chat: { platform: 'web', platformUserId: BOB_ID } },
      onTeams('bob@example.com', '29:1abc'),
      onTeams('bob@example.com', `${BOB_ID}"}]`),
    ];
    for (const person of others) {
      const card = accepted(renderThreadLine(personText`Approved by ${person}`));
      assert.equal(lineOf(card), 'Approved by bob@example.com');
      assert.equal(card.msteams, undefined);
    }
  });

  void test('no text but the escaped username is mentioned: a hostile username or reason cannot open a tag', () => {
    const forged = onTeams('x</at><at>carol@example.com', BOB_ID);
    const card = accepted(renderThreadLine(personText`Approved by ${forged}: <at>carol</at> **ok**`));
    assert.equal(
      lineOf(card),
      'Approved by x‹/at>‹at>carol@example.com (<at>x‹/at>‹at>carol@example.com</at>): ‹at>carol‹/at> ∗∗ok∗∗',
    );
    assert.deepEqual(tagsOf(card), ['<at>x‹/at>‹at>carol@example.com</at>']);
    // Pieces escaped one by one cannot form a tag or a DATE() function where they meet.
    const joined = accepted(
      renderThreadLine(
        personText`x <${onTeams('at>y', BOB_ID)} {${onTeams('{DATE(2026-01-01T00:00:00Z)}}', CAROL_ID)}`,
      ),
    );
    assert.doesNotMatch(lineOf(joined), /<at>y|\{\{/);
  });

  void test('a cut never splits a mention, and a mention cut off takes its entity along', () => {
    const kept = accepted(renderThreadLine(personText`Revoked by ${bob}: ${'r'.repeat(2000)}`));
    assert.ok(lineOf(kept).startsWith(`Revoked by bob@example.com (${BOB_TAG}): rrr`));
    assert.ok(lineOf(kept).endsWith('…'));
    // The 1000-character limit falls inside the mention: it goes whole, the username stays.
    const cut = accepted(renderThreadLine(personText`${'r'.repeat(970)} ${bob}`));
    assert.equal(lineOf(cut), `${'r'.repeat(970)} bob@example.com…`);
    assert.equal(cut.msteams, undefined);
  });

  void test('one entity per mention text: the same person twice shares it, a second person with the same username gets none', () => {
    const twice = accepted(renderThreadLine(personText`${bob} extended, then ${bob} revoked`));
    assert.equal(tagsOf(twice).length, 2);
    assert.equal(twice.msteams?.entities.length, 1);
    const namesake = onTeams('bob@example.com', CAROL_ID);
    const two = accepted(renderThreadLine(personText`Approved by ${bob} and ${namesake}`));
    assert.equal(lineOf(two), `Approved by bob@example.com (${BOB_TAG}) and bob@example.com`);
    assert.deepEqual(
      two.msteams?.entities.map((e) => e.mentioned.id),
      [BOB_ID],
    );
  });

  void test('a card mentions in its facts and notes; a note past the shown fifteen leaves no entity', () => {
    const carol = onTeams('carol@example.com', CAROL_ID);
    const card = accepted(
      renderCard({
        ...pendingCard,
        facts: [
          {
            label: 'Requester',
            value: 'alice@example.com',
            person: { platform: 'teams', platformUserId: BOB_ID.replace('0b0b', 'a11c') },
          },
        ],
        notes: [
          personText`Approved by ${bob}`,
          ...Array.from({ length: 15 }, () => personText`Approved by ${carol}`),
        ],
      }),
    );
    const json = JSON.stringify(card.body);
    assert.match(json, /"value":"alice@example.com \(<at>alice@example.com<\/at>\)"/);
    assert.match(json, /Approved by bob@example.com \(<at>bob@example.com<\/at>\)/);
    assert.deepEqual(
      card.msteams?.entities.map((e) => e.text),
      ['<at>alice@example.com</at>', BOB_TAG, '<at>carol@example.com</at>'],
    );
    const dropped = accepted(
      renderCard({
        ...pendingCard,
        notes: [...Array.from({ length: 15 }, () => ['a note']), personText`Approved by ${carol}`],
      }),
    );
    assert.equal(dropped.msteams, undefined);
  });
});
