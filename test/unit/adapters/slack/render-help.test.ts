import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SlackBlock } from '../../../../src/adapters/slack/render/block-kit.ts';
import { renderCommandOutcome } from '../../../../src/adapters/slack/render/render-command-replies.ts';
import { SLACK_LIMITS } from '../../../../src/adapters/slack/render/slack-limits.ts';
import { helpText } from '../../../../src/core/requests/help-text.ts';

/** The code blocks' text, fences off, entities and the backtick lookalike read back. */
const shown = (blocks: readonly SlackBlock[]): string =>
  blocks
    .map((b) => (b.type === 'section' ? (b.text?.text ?? '') : ''))
    .map((t) => {
      assert.ok(t.startsWith('```\n') && t.endsWith('\n```'), 'each section is one code block');
      assert.ok(t.length <= SLACK_LIMITS.text, 'within a section');
      return t.slice(4, -4);
    })
    .join('\n')
    .replace(/\u02cb/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('help on Slack', () => {
  test('is shown whole, exactly as written, in code blocks that cannot ping or end early', () => {
    const text = helpText();
    const reply = renderCommandOutcome({ kind: 'help', text });
    assert.equal(reply.text, 'Countersign help');
    assert.equal(shown(reply.blocks), text);
    assert.deepEqual(
      reply.blocks.map((b) => b.block_id),
      reply.blocks.map((_, i) => `help-${i + 1}`),
    );
  });

  test('a line longer than a section is split over sections, not cut', () => {
    const text = `first <!channel> & \`tick\`\n${'x'.repeat(SLACK_LIMITS.text + 500)}\nlast`;
    const reply = renderCommandOutcome({ kind: 'help', text });
    assert.ok(reply.blocks.length >= 2);
    assert.equal(shown(reply.blocks).replace(/\n(?=x)/g, ''), text.replace(/\n(?=x)/g, ''));
    assert.ok(!JSON.stringify(reply.blocks).includes('<!channel>'));
    assert.ok(!JSON.stringify(reply.blocks).includes('…'), 'nothing is cut');
  });
});
