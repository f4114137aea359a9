import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderThreadLine } from '../../../../src/adapters/slack/render/render-thread-line.ts';
import { eventLine } from '../../../../src/core/cards/event-line.ts';
import { assertInert, assertMessageAccepted } from './slack-assertions.ts';

describe('renderThreadLine', () => {
  test('an event line becomes an escaped reply, the same in text and block', () => {
    const line = eventLine({
      requestId: 'cs-aaaaaaaaaa',
      at: '2026-01-01T00:00:00.000Z',
      actor: 'bob@example.com',
      actorId: { platform: 'slack', userId: 'UBOB000001' },
      type: 'denied',
      details: { reason: '<!channel> *not now*\n\n> really' },
    });
    assert.ok(line);
    const message = renderThreadLine(line);
    assertMessageAccepted(message);
    assertInert(message);
    assert.equal(
      message.text,
      'Denied by bob@example.com (<@UBOB000001>): &lt;!channel&gt; ∗not now∗\n› really',
    );
    const block = message.blocks[0];
    assert.ok(block?.type === 'section');
    assert.equal(block.text?.text, message.text);
  });

  test('a huge line is cut to fit', () => {
    const message = renderThreadLine([`Failed: ${'&'.repeat(5000)}`]);
    assertMessageAccepted(message);
    assert.ok(message.text.endsWith('…'));
  });

  test('a person is named by username with the mention beside it, and a cut never splits the mention', () => {
    const bob = {
      username: 'bob_ops@example.com',
      chat: { platform: 'slack', platformUserId: 'UBOB000001' },
    } as const;
    const web = {
      username: '<@U0EVIL0001>',
      chat: { platform: 'web', platformUserId: '<@U0EVIL0001>' },
    } as const;
    assert.equal(
      renderThreadLine(['Approved by ', bob, ' and ', web]).text,
      'Approved by bob_ops@example.com (<@UBOB000001>) and &lt;@U0EVIL0001&gt;',
      'only a Slack user ID becomes a mention; any other name is escaped text',
    );
    for (let room = 1; room < 60; room++) {
      const text = renderThreadLine([`Revoked by ${'x'.repeat(2940 + room)}`, bob, ' later']).text;
      assert.ok(text.length <= 3000, 'cut to Slack’s limit');
      assert.doesNotMatch(text.replace(/<@UBOB000001>/g, ''), /<@|<$/, `no half mention: ${text.slice(-40)}`);
    }
  });
});
