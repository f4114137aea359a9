import assert from 'node:assert/strict';
import type { SlackMessage } from '../../../../src/adapters/slack/render/block-kit.ts';
import { SLACK_LIMITS } from '../../../../src/adapters/slack/render/slack-limits.ts';
import { validateBlocks } from '../../../fakes/fake-slack/validate-blocks.ts';
import { validateView } from '../../../fakes/fake-slack/validate-view.ts';

/** Every `text` string anywhere in a rendered payload. */
export function allTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allTexts);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === 'text' && typeof v === 'string' ? [v] : allTexts(v),
  );
}

/** The message would be accepted by Slack (as the fake's validator judges) and its fallback text is short. */
export function assertMessageAccepted(message: SlackMessage): void {
  assert.deepEqual(validateBlocks(message.blocks, 'message'), []);
  assert.ok(
    message.text.length > 0 && message.text.length <= SLACK_LIMITS.fallbackText,
    'fallback text length',
  );
}

/** The view would be accepted by views.open / views.publish. */
export function assertViewAccepted(view: unknown, type: 'modal' | 'home'): void {
  assert.deepEqual(validateView(view, type), []);
}

/**
 * Removes what the renderer itself writes from IDs and instants, never from user text:
 * the mention beside a username (` (<@U…>)`) and a localised time (`<!date^…|… UTC>`).
 */
function ours(text: string): string {
  return text
    .replace(/ \(<@[UW][A-Z0-9]+>\)/g, '')
    .replace(/<!date\^\d+\^\{date_num\} \{time(_secs)?\}\|[0-9: -]+ UTC>/g, '');
}

/**
 * No user text can ping, link or format: no `<` at all outside our own channel
 * links, no `>` outside entities, no mrkdwn markers around user words.
 */
export function assertInert(value: unknown): void {
  const json = ours(JSON.stringify(value));
  for (const bad of [
    '<!channel>',
    '<!here>',
    '<!everyone>',
    '<http',
    '<@',
    '<mailto',
    '<!subteam',
    '```',
    '*bold*',
  ]) {
    assert.ok(!json.includes(bad), `payload contains ${bad}`);
  }
  for (const text of allTexts(value).map(ours)) {
    assert.doesNotMatch(text.replace(/<#C[A-Z0-9]+>/g, ''), /[<>]/, `raw < or > in ${text.slice(0, 80)}`);
    assert.doesNotMatch(text, /&(?!amp;|lt;|gt;)/, `bare & in ${text.slice(0, 80)}`);
    assert.doesNotMatch(text, /(^|\n)\s*&gt;/, `a line starts a block quote in ${text.slice(0, 80)}`);
  }
}
