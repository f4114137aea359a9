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
      type: 'denied',
      details: { reason: '<!channel> *not now*\n\n> really' },
    });
    assert.ok(line);
    const message = renderThreadLine(line);
    assertMessageAccepted(message);
    assertInert(message);
    assert.equal(message.text, 'Denied by bob@example.com: &lt;!channel&gt; ∗not now∗\n› really');
    const block = message.blocks[0];
    assert.ok(block?.type === 'section');
    assert.equal(block.text?.text, message.text);
  });

  test('a huge line is cut to fit', () => {
    const message = renderThreadLine(`Failed: ${'&'.repeat(5000)}`);
    assertMessageAccepted(message);
    assert.ok(message.text.endsWith('…'));
  });
});
