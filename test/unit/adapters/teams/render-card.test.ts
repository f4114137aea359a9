import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderCard } from '../../../../src/adapters/teams/render/render-card.ts';
import type { ApprovalCard } from '../../../../src/core/cards/approval-card.ts';
import type { CardPerson } from '../../../../src/core/cards/person-text.ts';
import { assertGolden } from '../../../harness/golden.ts';
import {
  activeGrantCard,
  approvedCard,
  deniedCard,
  failedCard,
  hostileCard,
  pendingCard,
  REQUEST_ID,
} from '../slack/card-fixtures.ts';
import { assertCardAccepted, assertInert, executeData } from './teams-card-assertions.ts';

/** The Entra object ID each fixture person has on Teams, in place of their Slack ID. */
const ENTRA_ID: Readonly<Record<string, string>> = {
  UALICE0001: 'a11ce000-aaaa-4bbb-8ccc-000000000001',
  UBOB000001: '0b0b0000-aaaa-4bbb-8ccc-000000000002',
  UCAROL0001: 'ca201000-aaaa-4bbb-8ccc-000000000003',
  UMALLORY01: '3a1102e0-aaaa-4bbb-8ccc-000000000004',
};
const teamsPerson = (person: CardPerson | undefined): CardPerson | undefined => {
  const id = person && ENTRA_ID[person.platformUserId];
  return id ? { platform: 'teams', platformUserId: id } : person;
};

/** A fixture card as a Teams channel sees it: its people acted from Teams. */
function onTeams(card: ApprovalCard): ApprovalCard {
  return {
    ...card,
    facts: card.facts.map((f) => (f.person ? { ...f, person: teamsPerson(f.person) } : f)),
    notes: card.notes.map((note) =>
      note.map((part) =>
        typeof part === 'string' || !part.chat ? part : { ...part, chat: teamsPerson(part.chat) },
      ),
    ),
  };
}

void describe('renderCard (Teams)', () => {
  const cases = {
    'card-pending': pendingCard,
    'card-approved': approvedCard,
    'card-failed': failedCard,
    'card-denied': deniedCard,
    'card-active-grant': activeGrantCard,
    'card-hostile': hostileCard,
  } as const;

  for (const [name, neutral] of Object.entries(cases)) {
    void test(`${name} matches its golden file and is a valid Adaptive Card 1.5`, () => {
      const card = renderCard(onTeams(neutral));
      assertGolden(`teams/${name}`, card);
      assertCardAccepted(card);
      for (const data of executeData(card)) assert.deepEqual(data, { requestId: neutral.requestId });
    });
  }

  void test('pending: Approve, and Deny with a required reason on the card', () => {
    const card = renderCard(pendingCard);
    const json = JSON.stringify(card);
    assert.match(json, /"verb":"countersign.approve"/);
    assert.match(json, /"verb":"countersign.deny"/);
    assert.match(json, /"type":"Input.Text","id":"reason"[^}]*"isRequired":true/);
    assert.match(
      json,
      /"text":"Waiting for approval · cs-k7m2q4x5ba","wrap":true,"id":"status","weight":"bolder","color":"warning"/,
    );
    assert.equal(
      card.fallbackText,
      `Waiting for approval: scale deployment/api in prod-payments (${REQUEST_ID})`,
    );
  });

  void test('an active grant offers Extend with a duration and Revoke with a confirmation', () => {
    const json = JSON.stringify(renderCard(activeGrantCard));
    assert.match(json, /"id":"duration"[^\]]*"30m"/);
    assert.match(json, /"verb":"countersign.extend"/);
    assert.match(json, /Revoke access now\?/);
  });

  void test('a finished card has no buttons; a status reply leaves them off', () => {
    assert.equal(renderCard(approvedCard).actions, undefined);
    assert.equal(renderCard(pendingCard, { withActions: false }).actions, undefined);
  });

  void test('hostile text stays inert and bounded', () => {
    const card = renderCard(hostileCard);
    assertInert(card);
    const reason = card.body
      .flatMap((e) => (e.type === 'FactSet' ? e.facts : []))
      .find((f) => f.title === 'Reason');
    assert.ok(reason && reason.value.length <= 520 && reason.value.endsWith('…'));
  });
});
