import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ApprovalCard } from '../../../../src/core/cards/approval-card.ts';
import type { SlackBlock } from '../../../../src/adapters/slack/render/block-kit.ts';
import { renderHome } from '../../../../src/adapters/slack/render/render-home.ts';
import { homeOf, type HomeCards } from '../../../../src/core/conversation/person-home.ts';
import { SLACK_LIMITS } from '../../../../src/adapters/slack/render/slack-limits.ts';
import { assertGolden } from '../../../harness/golden.ts';
import {
  activeGrantCard,
  approvedCard,
  breakGlassCard,
  executingCard,
  hostileCard,
  pendingCard,
} from './card-fixtures.ts';
import { allTexts, assertInert, assertViewAccepted } from './slack-assertions.ts';

const copies = (card: ApprovalCard, count: number): ApprovalCard[] =>
  Array.from({ length: count }, (_, i) => ({
    ...card,
    requestId: `cs-${String(i).padStart(10, '0')}`,
    actions: card.actions.map((a) => ({ ...a, requestId: `cs-${String(i).padStart(10, '0')}` })),
  }));

/** The Home the core's sections for these cards render to. */
const home = (cards: HomeCards) => renderHome(homeOf(cards));

describe('renderHome', () => {
  test('three sections: open requests with Cancel, grants with time left and Revoke, approvals with Approve/Deny', () => {
    const view = home({
      openRequests: [pendingCard, executingCard],
      activeGrants: [activeGrantCard],
      awaitingMyApproval: [pendingCard],
    });
    assertGolden('slack/home', view);
    assertViewAccepted(view, 'home');
    const ids = (view.blocks as SlackBlock[]).flatMap((b) =>
      b.type === 'actions'
        ? b.elements.map((e) => (e.type === 'button' ? e.action_id : ''))
        : b.type === 'section' && b.accessory?.type === 'button'
          ? [b.accessory.action_id]
          : [],
    );
    assert.deepEqual(ids, [
      'countersign:cancel',
      'countersign:revoke',
      'countersign:approve',
      'countersign:deny',
    ]);
    assert.ok(allTexts(view).some((t) => t.includes('Until 2026-01-05 14:00:30 UTC (3h left)')));
  });

  test("approved requests waiting to start: the start in the reader's zone, Cancel only on the reader's own", () => {
    const startAt = Date.UTC(2026, 0, 6, 1, 0);
    const waiting = (id: string): ApprovalCard => ({
      ...approvedCard,
      state: 'approved',
      status: { label: 'Approved', tone: 'good' },
      requestId: id,
      facts: [
        ...approvedCard.facts,
        { label: 'Starts', value: '2026-01-06 01:00 UTC', time: { at: startAt, rest: '' } },
      ],
    });
    const view = home({
      openRequests: [],
      activeGrants: [],
      awaitingMyApproval: [],
      waitingToStart: [
        { card: waiting('cs-aaaaaaaaaa'), mayCancel: true },
        { card: waiting('cs-bbbbbbbbbb'), mayCancel: false },
      ],
    });
    assertViewAccepted(view, 'home');
    const blocks = view.blocks as SlackBlock[];
    const rows = blocks.filter((b) => b.type === 'section' && b.block_id?.startsWith('scheduled:'));
    assert.equal(rows.length, 2);
    const texts = allTexts(view);
    assert.ok(texts.includes('Approved, waiting to start'));
    assert.equal(
      texts.filter((t) =>
        t.includes(`Starts <!date^${startAt / 1000}^{date_num} {time}|2026-01-06 01:00 UTC>`),
      ).length,
      2,
    );
    const [own, others] = rows;
    assert.equal(
      own?.type === 'section' && own.accessory?.type === 'button' && own.accessory.action_id,
      'countersign:cancel',
    );
    assert.equal(
      own?.type === 'section' && own.accessory?.type === 'button' && own.accessory.value,
      'cs-aaaaaaaaaa',
    );
    assert.equal(others?.type === 'section' ? others.accessory : 'no row', undefined);
    const none = home({ openRequests: [], activeGrants: [], awaitingMyApproval: [] });
    assert.ok(!allTexts(none).includes('Approved, waiting to start'), 'no section when nothing waits');
  });

  test('break-glass runs to review come first: who ran it (mention beside), incident, reason and Acknowledge', () => {
    const reviewed: ApprovalCard = { ...breakGlassCard, requestId: 'cs-brkglass02', actions: [] };
    const view = home({
      openRequests: [],
      activeGrants: [],
      awaitingMyApproval: [pendingCard],
      breakGlassToReview: [breakGlassCard, reviewed],
    });
    assertGolden('slack/home-break-glass', view);
    assertViewAccepted(view, 'home');
    const blocks = view.blocks as SlackBlock[];
    assert.equal(blocks[0]?.block_id, 'break-glass', 'the review section leads');
    const [row, done] = blocks.filter((b) => b.block_id?.startsWith('break-glass:'));
    assert.ok(
      row?.type === 'section' &&
        row.text?.text.includes(
          ':rotating_light: Ran without approval by mallory@example.com (<@UMALLORY01>) under INC-4312\ncheckout down, scaling out',
        ),
    );
    assert.deepEqual(
      row?.type === 'section' && row.accessory?.type === 'button'
        ? [row.accessory.action_id, row.accessory.value]
        : [],
      ['countersign:acknowledge', 'cs-brkglass01'],
    );
    assert.equal(done?.type === 'section' ? done.accessory : 'no row', undefined, 'no button once reviewed');
    const none = home({ openRequests: [], activeGrants: [], awaitingMyApproval: [] });
    assert.ok(!allTexts(none).includes('Break-glass runs to review'), 'no section when nothing waits');
  });

  test('empty sections say so', () => {
    const view = home({ openRequests: [], activeGrants: [], awaitingMyApproval: [] });
    assertViewAccepted(view, 'home');
    const texts = allTexts(view);
    for (const line of [
      'You have no open requests.',
      'You hold no temporary access.',
      'Nothing is waiting for you.',
    ]) {
      assert.ok(texts.includes(line), line);
    }
  });

  test('hundreds of items fit in 100 blocks, each cut list ending with "and N more"', () => {
    const view = home({
      openRequests: copies(pendingCard, 120),
      activeGrants: copies(activeGrantCard, 3),
      awaitingMyApproval: copies(pendingCard, 200),
    });
    assert.ok(view.blocks.length <= SLACK_LIMITS.viewBlocks);
    assertViewAccepted(view, 'home');
    const texts = allTexts(view);
    assert.ok(texts.some((t) => /^and \d+ more$/.test(t)));
    assert.equal(
      (view.blocks as SlackBlock[]).filter((b) => b.block_id?.startsWith('grant:')).length,
      3,
      'a short list is not cut',
    );
  });

  test('duplicate cards are shown once, so block IDs stay unique; hostile text stays inert', () => {
    const view = home({
      openRequests: [hostileCard, hostileCard],
      activeGrants: [],
      awaitingMyApproval: [hostileCard],
    });
    assertViewAccepted(view, 'home');
    assertInert(view);
  });

  test('notes (an on-call service that could not answer) come first, escaped, and the view still fits 100 blocks', () => {
    const note =
      'PagerDuty schedule P<1> could not be checked: the API answered 503. Requests waiting on sre-oncall may be missing here until it answers.';
    const view = home({
      openRequests: copies(pendingCard, 120),
      activeGrants: [],
      awaitingMyApproval: copies(pendingCard, 200),
      notes: [note],
    });
    assert.ok(view.blocks.length <= SLACK_LIMITS.viewBlocks);
    assertViewAccepted(view, 'home');
    const first = (view.blocks as SlackBlock[])[0];
    assert.equal(first?.block_id, 'note-0');
    assert.ok(allTexts(view).some((t) => t.includes('PagerDuty schedule P&lt;1&gt; could not be checked')));
    assertInert(view);
  });
});
