import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { ApprovalCard } from '../../../../src/core/cards/approval-card.ts';
import { buildApprovalCard } from '../../../../src/core/cards/build-approval-card.ts';
import { renderCard } from '../../../../src/adapters/slack/render/render-card.ts';
import { SLACK_LIMITS } from '../../../../src/adapters/slack/render/slack-limits.ts';
import { assertGolden } from '../../../harness/golden.ts';
import { filed, T0 } from '../../core/lifecycle/fixtures.ts';
import {
  activeGrantCard,
  approvedCard,
  deniedCard,
  executingCard,
  failedCard,
  hostileCard,
  pendingCard,
  REQUEST_ID,
} from './card-fixtures.ts';
import { allTexts, assertInert, assertMessageAccepted } from './slack-assertions.ts';

const goldens: Record<string, ApprovalCard> = {
  'card-pending': pendingCard,
  'card-approved': approvedCard,
  'card-executing': executingCard,
  'card-failed': failedCard,
  'card-denied': deniedCard,
  'card-active-grant': activeGrantCard,
  'card-hostile': hostileCard,
};

describe('renderCard', () => {
  for (const [name, card] of Object.entries(goldens)) {
    test(`${name} matches its golden file and Slack's limits`, () => {
      const message = renderCard(card);
      assertGolden(`slack/${name}`, message);
      assertMessageAccepted(message);
      assertInert(message);
    });
  }

  test('buttons carry countersign:<action> and the request ID only, with Slack styles', () => {
    const { blocks } = renderCard(pendingCard);
    const actions = blocks.find((b) => b.type === 'actions');
    assert.ok(actions?.type === 'actions');
    assert.deepEqual(
      actions.elements.map((e) => (e.type === 'button' ? [e.action_id, e.value, e.style] : [])),
      [
        ['countersign:approve', REQUEST_ID, 'primary'],
        ['countersign:deny', REQUEST_ID, 'danger'],
      ],
    );
    const grant = renderCard(activeGrantCard).blocks.find((b) => b.type === 'actions');
    assert.ok(grant?.type === 'actions');
    const [extend, revoke] = grant.elements;
    assert.ok(extend?.type === 'button' && revoke?.type === 'button');
    assert.equal(extend.style, undefined, 'default style is left out: Slack accepts only primary or danger');
    assert.ok(revoke.confirm, 'revoking asks for confirmation');
  });

  test('the hostile card is cut to fit: 5,000-character reason, 200-character title', () => {
    const message = renderCard(hostileCard);
    const json = JSON.stringify(message);
    assert.ok(!json.includes('<!channel>') && !json.includes('<http'));
    const header = message.blocks[0];
    assert.ok(header?.type === 'header');
    assert.ok(header.text.text.length <= SLACK_LIMITS.headerText);
    assert.ok(header.text.text.endsWith('…'));
    const facts = message.blocks.find((b) => b.block_id === 'facts');
    assert.ok(facts?.type === 'section' && facts.fields);
    const reason = facts.fields.find((f) => f.text.startsWith('*Reason*'));
    assert.ok(reason && reason.text.length <= SLACK_LIMITS.fieldText && reason.text.endsWith('…'));
    assert.match(reason.text, /&lt;!channel&gt;/, 'the text is still there, shown literally');
    assert.match(reason.text, /∗bold∗ ˍitalicˍ ∼strike∼ ˋcodeˋ/);
    assert.match(reason.text, /∶white_check_mark:/, 'a shortcode cannot imitate the status emoji');
    assert.ok(
      !reason.text.includes('\u202e') && !reason.text.includes('\u200b'),
      'bidi and zero-width characters go',
    );
    for (const text of allTexts(message)) assert.ok(text.length <= SLACK_LIMITS.text);
  });

  test('many facts, long previews and many notes still fit Slack', () => {
    const card: ApprovalCard = {
      ...pendingCard,
      facts: Array.from({ length: 25 }, (_, i) => ({ label: `Fact ${i}`, value: 'v'.repeat(3000) })),
      preview: Array.from({ length: 400 }, (_, i) => `line ${i} ${'p'.repeat(400)}`),
      notes: Array.from({ length: 40 }, (_, i) => [`note ${i} ${'&'.repeat(500)}`]),
      matchedRules: Array.from({ length: 300 }, (_, i) => `rule-${i}`),
    };
    const message = renderCard(card);
    assertMessageAccepted(message);
    assertInert(message);
    const fieldSections = message.blocks.filter((b) => b.type === 'section' && b.fields);
    assert.equal(fieldSections.length, 3, '25 facts make sections of 10, 10 and 5 fields');
    const preview = message.blocks.find((b) => b.block_id === 'preview');
    assert.ok(preview?.type === 'section');
    assert.match(preview.text?.text ?? '', /• and \d+ more$/);
  });

  test('renders a card the core builds from a filed record', () => {
    const message = renderCard(buildApprovalCard(filed(), T0));
    assertMessageAccepted(message);
    assert.equal(message.blocks[0]?.type, 'header');
  });

  test('any card text at all yields a payload Slack accepts, with nothing that can ping or link', () => {
    const text = fc.string({ unit: 'binary', maxLength: 600 });
    fc.assert(
      fc.property(
        text,
        text,
        fc.array(text, { maxLength: 12 }),
        fc.array(text, { maxLength: 12 }),
        (title, reason, preview, notes) => {
          const card: ApprovalCard = {
            ...pendingCard,
            title,
            facts: [{ label: 'Reason', value: reason }],
            preview,
            notes: notes.map((note) => [
              note,
              { username: note, chat: { platform: 'slack', platformUserId: 'U0123ABCD' } },
            ]),
            progress: reason,
          };
          const message = renderCard(card);
          assertMessageAccepted(message);
          assertInert(message);
        },
      ),
      { numRuns: 200 },
    );
  });
});
